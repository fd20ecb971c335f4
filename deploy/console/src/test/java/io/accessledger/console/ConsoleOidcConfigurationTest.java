package io.accessledger.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The console refuses to start with an incomplete sign-in configuration, naming the key and the fix. */
class ConsoleOidcConfigurationTest {

    private static ThrowingCallable starting(String... args) {
        return () -> new SpringApplicationBuilder(ConsoleApplication.class)
                .run(java.util.stream.Stream.concat(java.util.stream.Stream.of("--server.port=0",
                        "--spring.main.banner-mode=off"), java.util.stream.Stream.of(args)).toArray(String[]::new))
                .close();
    }

    @Test
    void outsideTheLocalRunAConsoleWithoutAnIssuerRefusesToStartAndSaysWhichKeyToSet() {
        assertThatThrownBy(starting()).rootCause()
                .hasMessageContaining("accessledger.console.oidc.issuer-uri is not set")
                .hasMessageContaining("ACCESSLEDGER_CONSOLE_OIDC_ISSUERURI");
    }

    @Test
    void anIssuerWithoutClientIdOrRedirectUriRefusesToStartNamingBoth() {
        assertThatThrownBy(starting("--accessledger.console.oidc.issuer-uri=https://issuer.example.com"))
                .rootCause()
                .hasMessageContaining("accessledger.console.oidc.client-id is not set")
                .hasMessageContaining("accessledger.console.oidc.redirect-uri must be the console's public address "
                        + "followed by /console/oidc/callback");
    }

    @Test
    void aRedirectUriOffTheCallbackPathOrScopesWithoutOpenidAreRefused() {
        OidcProperties wrong = new OidcProperties(URI.create("https://issuer.example.com"), "console", null,
                List.of("profile"), URI.create("https://console.example.com/callback"), null, null);

        assertThat(wrong.problems(false)).satisfiesExactly(
                redirect -> assertThat(redirect).startsWith("accessledger.console.oidc.redirect-uri")
                        .contains("https://console.example.com/callback"),
                scopes -> assertThat(scopes).startsWith("accessledger.console.oidc.scopes must include openid"));
    }

    @Test
    void aPublicClientNeedsNoSecretAndTheLocalRunNeedsNoIssuer() {
        OidcProperties publicClient = new OidcProperties(URI.create("https://issuer.example.com"), "console", " ",
                null, URI.create("https://console.example.com/console/oidc/callback"), null, null);
        assertThat(publicClient.problems(false)).isEmpty();
        assertThat(publicClient.confidential()).isFalse();
        assertThat(publicClient.scopes()).containsExactly("openid", "profile");
        assertThat(new OidcProperties(null, null, null, null, null, null, null).problems(true)).isEmpty();
    }
}
