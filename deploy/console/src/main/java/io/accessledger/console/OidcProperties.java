package io.accessledger.console;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The console's OpenID Connect client ({@code accessledger.console.oidc.*}): the issuer it discovers
 * ({@code issuer-uri}), the client registered there ({@code client-id}, and {@code client-secret} for a confidential
 * client; none for a public one), the scopes it asks for, the redirect URI registered for it (path
 * {@value #CALLBACK_PATH}), where the issuer sends people after sign-out, and how long a refresh token is kept when
 * the issuer does not say ({@code refresh-token-lifetime}, default 12 hours; many issuers give refresh tokens only
 * to a client that asks for the {@code offline_access} scope).
 */
@ConfigurationProperties("accessledger.console.oidc")
public record OidcProperties(URI issuerUri, String clientId, String clientSecret, List<String> scopes,
                             URI redirectUri, URI postLogoutRedirectUri, Duration refreshTokenLifetime) {
    static final String CALLBACK_PATH = "/console/oidc/callback";
    private static final String PREFIX = "accessledger.console.oidc.";

    public OidcProperties {
        scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile") : List.copyOf(scopes);
        clientSecret = clientSecret == null || clientSecret.isBlank() ? null : clientSecret;
        refreshTokenLifetime = refreshTokenLifetime == null || refreshTokenLifetime.isNegative()
                || refreshTokenLifetime.isZero() ? Duration.ofHours(12) : refreshTokenLifetime;
    }

    boolean configured() {
        return issuerUri != null && !issuerUri.toString().isBlank();
    }

    boolean confidential() {
        return clientSecret != null;
    }

    /**
     * What is missing or wrong, each naming the key and the fix; empty when complete. Outside the local run the
     * issuer itself is required: the console has no other way to sign people in there.
     */
    List<String> problems(boolean localRun) {
        List<String> problems = new ArrayList<>();
        if (!configured()) {
            if (!localRun) {
                problems.add(PREFIX + "issuer-uri is not set: outside the 'local' profile the console signs people in "
                        + "with OpenID Connect; set ACCESSLEDGER_CONSOLE_OIDC_ISSUERURI to your issuer (the URL before "
                        + "/.well-known/openid-configuration)");
            }
            return problems;
        }
        if (!issuerUri.isAbsolute() || !List.of("https", "http").contains(issuerUri.getScheme())) {
            problems.add(PREFIX + "issuer-uri must be an absolute http(s) URL (https in production), not " + issuerUri);
        }
        if (clientId == null || clientId.isBlank()) {
            problems.add(PREFIX + "client-id is not set: register the console as a client at your issuer "
                    + "(authorization code, PKCE) and set ACCESSLEDGER_CONSOLE_OIDC_CLIENTID to its id");
        }
        if (redirectUri == null || !redirectUri.isAbsolute() || !CALLBACK_PATH.equals(redirectUri.getPath())) {
            problems.add(PREFIX + "redirect-uri must be the console's public address followed by " + CALLBACK_PATH
                    + " (e.g. https://console.example.com" + CALLBACK_PATH + "), registered as the client's redirect "
                    + "URI at the issuer; it is " + (redirectUri == null ? "not set" : redirectUri));
        }
        if (!scopes.contains("openid")) {
            problems.add(PREFIX + "scopes must include openid (it is " + scopes + ")");
        }
        return problems;
    }
}
