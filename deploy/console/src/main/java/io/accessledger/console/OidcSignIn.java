package io.accessledger.console;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientException;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Production sign-in: OpenID Connect authorization code flow with PKCE (S256) against the configured issuer, written
 * by hand in the console's shape (router functions, cookies, problem+json) rather than with Spring Security's filter
 * chain. The issuer is discovered from {@code issuer-uri} on first use (and again after a failed discovery), so the
 * console starts even while the issuer is down. After the callback the console holds the issuer's access token in the
 * same HttpOnly session cookie the local sign-in uses, so {@link ApiProxy} forwards it unchanged as the bearer.
 */
@Component
class OidcSignIn {
    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

    /** What discovery says about the issuer, and the decoder checking its ID tokens' signatures against its JWKS. */
    record Provider(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI endSessionEndpoint,
                    URI revocationEndpoint, boolean clientSecretPost, ReactiveJwtDecoder idTokens) {
    }

    /**
     * A renewed session: the cookies that hold it (a new access token; the refresh token, rotated or kept; a new ID
     * token when the issuer sent a valid one), or none when the issuer refused the refresh token — then the session is
     * over and the cookies say so.
     */
    record Renewal(Optional<String> accessToken, List<ResponseCookie> cookies) {
    }

    /**
     * How long after it is done a renewal's answer is still given to calls with the same refresh token: those a page
     * sent before the new cookies reached it. Kept short, as whoever presents the token meanwhile gets the answer
     * without the issuer seeing a reuse; after it the spent token goes to the issuer, which refuses it.
     */
    static final Duration RENEWAL_SHARED_FOR = Duration.ofSeconds(5);

    private final OidcProperties properties;
    private final boolean localDemo;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final WebClient client = WebClient.create();
    private final Mono<Provider> provider;
    private final Map<String, Mono<Renewal>> renewals = new ConcurrentHashMap<>();

    OidcSignIn(OidcProperties properties, LocalSignIn localSignIn, Environment environment, Clock clock) {
        List<String> problems = properties.problems(environment.acceptsProfiles(Profiles.of("local")));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The console's sign-in is not configured: " + String.join("; ", problems));
        }
        this.properties = properties;
        this.localDemo = localSignIn.enabled();
        this.clock = clock;
        this.provider = Mono.defer(this::discover)
                .cache(found -> Duration.ofHours(1), failed -> Duration.ZERO, () -> Duration.ZERO);
    }

    /** Which sign-ins the page offers: the demo picker (local run) and/or the issuer's. */
    Mono<ServerResponse> options(ServerRequest request) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("demo", localDemo, "oidc", properties.configured()));
    }

    /** {@code GET /console/oidc/sign-in}: a top-level navigation, answered with the redirect to the issuer. */
    Mono<ServerResponse> start(ServerRequest request) {
        if (!properties.configured()) {
            return off();
        }
        SignInAttempt attempt = SignInAttempt.start(random);
        return provider.flatMap(p -> ServerResponse.status(HttpStatus.FOUND)
                        .location(UriComponentsBuilder.fromUri(p.authorizationEndpoint())
                                .queryParam("response_type", "code")
                                .queryParam("client_id", properties.clientId())
                                .queryParam("redirect_uri", properties.redirectUri())
                                .queryParam("scope", String.join(" ", properties.scopes()))
                                .queryParam("state", attempt.state())
                                .queryParam("nonce", attempt.nonce())
                                .queryParam("code_challenge", attempt.challenge())
                                .queryParam("code_challenge_method", "S256")
                                .encode().build().toUri())
                        .cookie(attempt.cookie(secure()))
                        .build())
                .onErrorResume(IssuerUnavailable.class, this::unavailable);
    }

    /**
     * {@code GET /console/oidc/callback?code&state}: the issuer's redirect back. The state must match the attempt's
     * cookie, the code is exchanged with the verifier, the ID token must be the issuer's, for this client, unexpired
     * and carry the attempt's nonce. Only then is the session cookie set; every refusal is a problem and sets none.
     */
    Mono<ServerResponse> callback(ServerRequest request) {
        if (!properties.configured()) {
            return off();
        }
        Optional<SignInAttempt> attempt = SignInAttempt.of(request.cookies(), secure());
        if (attempt.isEmpty()) {
            return refused(HttpStatus.BAD_REQUEST, "No sign-in in progress",
                    "This browser started no sign-in in the last " + SignInAttempt.LIFETIME.toMinutes()
                            + " minutes; start again from the console");
        }
        if (!attempt.get().answeredBy(request.queryParam("state").orElse(null))) {
            // Not this browser's sign-in (a forged or stale answer): refused, and the attempt in flight is kept.
            return Problems.of(HttpStatus.BAD_REQUEST, "Sign-in state does not match",
                    "The answer does not belong to the sign-in this browser started; start again from the console");
        }
        Optional<String> error = request.queryParam("error");
        if (error.isPresent()) {
            return refused(HttpStatus.UNAUTHORIZED, "Sign-in refused by the issuer", error.get()
                    + request.queryParam("error_description").map(d -> ": " + d).orElse(""));
        }
        Optional<String> code = request.queryParam("code").filter(c -> !c.isBlank());
        if (code.isEmpty()) {
            return refused(HttpStatus.BAD_REQUEST, "No authorization code", "The issuer's answer carries no code");
        }
        return provider.flatMap(p -> exchange(p, code.get(), attempt.get())
                        .flatMap(tokens -> signedIn(p, tokens, attempt.get())))
                .onErrorResume(CodeRefused.class, e -> refused(HttpStatus.BAD_REQUEST, "Code refused", e.getMessage()))
                .onErrorResume(IssuerUnavailable.class, this::unavailable);
    }

    /** {@code DELETE /console/session}: clears the session; names the issuer's end-session address if it has one. */
    Mono<ServerResponse> signOut(ServerRequest request) {
        boolean secure = secure() || "https".equals(request.uri().getScheme());
        Optional<String> idToken = Optional.ofNullable(request.cookies().getFirst(Session.ID_COOKIE))
                .map(HttpCookie::getValue).filter(v -> !v.isBlank());
        Mono<Optional<URI>> endSession = !properties.configured() || idToken.isEmpty() ? Mono.just(Optional.empty())
                : provider.map(p -> Optional.ofNullable(p.endSessionEndpoint()).map(end -> endSessionUri(end,
                        idToken.get()))).onErrorReturn(IssuerUnavailable.class, Optional.empty());
        Optional<String> refreshToken = Session.refreshToken(request);
        Mono<Void> revoked = !properties.configured() || refreshToken.isEmpty() ? Mono.empty()
                : provider.flatMap(p -> revoke(p, refreshToken.get())).onErrorResume(IssuerUnavailable.class,
                        e -> Mono.empty());
        return revoked.then(endSession).flatMap(end -> {
            ServerResponse.BodyBuilder answer = ServerResponse.status(end.isPresent() ? HttpStatus.OK
                            : HttpStatus.NO_CONTENT)
                    .cookie(Session.ended(secure))
                    .cookie(Session.idTokenEnded(secure))
                    .cookie(Session.refreshTokenEnded(secure));
            return end.isPresent()
                    ? answer.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("signOutUrl", end.get()))
                    : answer.build();
        });
    }

    private URI endSessionUri(URI endpoint, String idToken) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUri(endpoint)
                .queryParam("id_token_hint", idToken)
                .queryParam("client_id", properties.clientId());
        if (properties.postLogoutRedirectUri() != null) {
            uri.queryParam("post_logout_redirect_uri", properties.postLogoutRedirectUri());
        }
        return uri.encode().build().toUri();
    }

    private Mono<Map<String, Object>> exchange(Provider p, String code, SignInAttempt attempt) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("redirect_uri", properties.redirectUri().toString());
        form.add("code_verifier", attempt.verifier());
        return tokenRequest(p, form);
    }

    /** A grant posted to the token endpoint as this client; a refusal is {@link CodeRefused}. */
    private Mono<Map<String, Object>> tokenRequest(Provider p, MultiValueMap<String, String> form) {
        return client.post().uri(p.tokenEndpoint())
                .headers(h -> {
                    h.setAccept(List.of(MediaType.APPLICATION_JSON));
                    authenticate(h, p, form);
                })
                .body(BodyInserters.fromFormData(form))
                .exchangeToMono(answer -> answer.bodyToMono(JSON_OBJECT).defaultIfEmpty(Map.of())
                        .flatMap(body -> answer.statusCode().is2xxSuccessful() ? Mono.just(body)
                                : answer.statusCode().is4xxClientError()
                                        ? Mono.error(new CodeRefused(String.valueOf(body.getOrDefault("error",
                                                answer.statusCode().value())) + Optional.ofNullable(
                                                body.get("error_description")).map(d -> ": " + d).orElse("")))
                                        : Mono.error(new IssuerUnavailable("its token endpoint (HTTP "
                                                + answer.statusCode().value() + ")", null))))
                .onErrorMap(WebClientException.class, e -> new IssuerUnavailable("its token endpoint", e));
    }

    /** The client's credentials: in the form for a public client or {@code client_secret_post}, else HTTP Basic. */
    private void authenticate(HttpHeaders headers, Provider p, MultiValueMap<String, String> form) {
        if (!properties.confidential()) {
            form.add("client_id", properties.clientId());
        } else if (p.clientSecretPost()) {
            form.add("client_id", properties.clientId());
            form.add("client_secret", properties.clientSecret());
        } else {
            headers.setBasicAuth(URLEncoder.encode(properties.clientId(), StandardCharsets.UTF_8),
                    URLEncoder.encode(properties.clientSecret(), StandardCharsets.UTF_8));
        }
    }

    private Mono<ServerResponse> signedIn(Provider p, Map<String, Object> tokens, SignInAttempt attempt) {
        Object accessToken = tokens.get("access_token");
        Object idToken = tokens.get("id_token");
        if (!(accessToken instanceof String access) || access.isBlank() || !(idToken instanceof String id)) {
            return refused(HttpStatus.BAD_GATEWAY, "Incomplete answer from the issuer",
                    "The token endpoint answered without an access token or an ID token");
        }
        Duration lifetime = seconds(tokens.get("expires_in"), DEFAULT_TOKEN_LIFETIME);
        boolean secure = secure();
        return p.idTokens().decode(id)
                .flatMap(jwt -> attempt.nonce().equals(jwt.getClaimAsString("nonce"))
                        ? ServerResponse.seeOther(URI.create("/"))
                                .cookie(Session.holding(access, lifetime, secure))
                                .cookie(Session.holdingIdToken(id, idLifetime(tokens, lifetime), secure))
                                .cookies(c -> refreshCookie(tokens, secure).ifPresent(r -> c.add(r.getName(), r)))
                                .cookie(SignInAttempt.ended(secure))
                                .build()
                        : refused(HttpStatus.UNAUTHORIZED, "ID token refused",
                                "The ID token's nonce is not the one this sign-in sent"))
                .onErrorResume(JwtException.class, e -> refused(HttpStatus.UNAUTHORIZED, "ID token refused",
                        e.getMessage()));
    }

    /**
     * The session renewed with the refresh token the browser holds, when the access token has expired (its cookie
     * gone or stale): the issuer's token endpoint answers a {@code refresh_token} grant with a new access token (and,
     * when it rotates them, a new refresh token). Calls that arrive together with the same refresh token — a page
     * loads several lists at once — share one request to the issuer: a second use of a rotated token would be
     * refused, and some issuers then revoke the whole family. Empty when there is nothing to renew (no refresh
     * token, OIDC off); a renewal without an access token when the issuer refused (expired, revoked: sign in again);
     * {@link IssuerUnavailable} when it could not be asked.
     */
    Mono<Optional<Renewal>> renewed(ServerRequest request) {
        Optional<String> refreshToken = Session.refreshToken(request);
        if (!properties.configured() || refreshToken.isEmpty()) {
            return Mono.just(Optional.empty());
        }
        String token = refreshToken.get();
        return renewals.computeIfAbsent(token, t -> provider.flatMap(p -> renew(p, t))
                .doOnError(failed -> renewals.remove(t))
                .doOnSuccess(done -> Mono.delay(RENEWAL_SHARED_FOR).subscribe(x -> renewals.remove(t)))
                .cache()).map(Optional::of);
    }

    /** {@code GET /console/session}: who the page acts for, renewing an expired session first when it can. */
    Mono<ServerResponse> session(ServerRequest request) {
        if (Session.claims(request, clock).isPresent()) {
            return Session.describe(request, clock);
        }
        return renewed(request).flatMap(renewal -> Session.describe(renewal.flatMap(Renewal::accessToken)
                        .flatMap(token -> Session.claims(token, clock)),
                        renewal.map(Renewal::cookies).orElse(List.of())))
                .onErrorResume(IssuerUnavailable.class, this::unavailable);
    }

    private Mono<Renewal> renew(Provider p, String refreshToken) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken);
        boolean secure = secure();
        return tokenRequest(p, form)
                .flatMap(tokens -> {
                    if (!(tokens.get("access_token") instanceof String access) || access.isBlank()) {
                        return Mono.just(ended(secure));
                    }
                    Duration lifetime = seconds(tokens.get("expires_in"), DEFAULT_TOKEN_LIFETIME);
                    List<ResponseCookie> cookies = new ArrayList<>();
                    cookies.add(Session.holding(access, lifetime, secure));
                    // Kept as it was unless the issuer rotated it (then the old one is spent).
                    cookies.add(refreshCookie(tokens, secure).orElseGet(() -> Session.holdingRefreshToken(
                            refreshToken, properties.refreshTokenLifetime(), secure)));
                    Mono<List<ResponseCookie>> withId = tokens.get("id_token") instanceof String id
                            ? p.idTokens().decode(id).map(jwt -> {
                                cookies.add(Session.holdingIdToken(id, idLifetime(tokens, lifetime), secure));
                                return cookies;
                            }).onErrorReturn(JwtException.class, cookies)
                            : Mono.just(cookies);
                    return withId.map(all -> new Renewal(Optional.of(access), List.copyOf(all)));
                })
                .onErrorResume(CodeRefused.class, refused -> Mono.just(ended(secure)));
    }

    /** The issuer refused the refresh token: the session is over, its cookies go. */
    private static Renewal ended(boolean secure) {
        return new Renewal(Optional.empty(), List.of(Session.ended(secure), Session.refreshTokenEnded(secure),
                Session.idTokenEnded(secure)));
    }

    /** The refresh token of a token answer, for as long as the issuer says it lasts, else the configured time. */
    private Optional<ResponseCookie> refreshCookie(Map<String, Object> tokens, boolean secure) {
        return tokens.get("refresh_token") instanceof String refresh && !refresh.isBlank()
                ? Optional.of(Session.holdingRefreshToken(refresh, seconds(tokens.get("refresh_expires_in"),
                        properties.refreshTokenLifetime()), secure))
                : Optional.empty();
    }

    /** The ID token is the sign-out hint: kept as long as the session can be renewed, not just the access token. */
    private Duration idLifetime(Map<String, Object> tokens, Duration accessLifetime) {
        return tokens.get("refresh_token") instanceof String ? seconds(tokens.get("refresh_expires_in"),
                properties.refreshTokenLifetime()) : accessLifetime;
    }

    private static Duration seconds(Object value, Duration otherwise) {
        return value instanceof Number seconds && seconds.longValue() > 0 ? Duration.ofSeconds(seconds.longValue())
                : otherwise;
    }

    /**
     * Tells the issuer the refresh token is no longer wanted (RFC 7009), when it has a revocation endpoint; best
     * effort: sign-out goes on whatever the answer.
     */
    private Mono<Void> revoke(Provider p, String refreshToken) {
        if (p.revocationEndpoint() == null) {
            return Mono.empty();
        }
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("token", refreshToken);
        form.add("token_type_hint", "refresh_token");
        return client.post().uri(p.revocationEndpoint()).headers(h -> authenticate(h, p, form))
                .body(BodyInserters.fromFormData(form)).retrieve().toBodilessEntity().then()
                .onErrorResume(e -> Mono.empty());
    }

    private Mono<Provider> discover() {
        String issuer = properties.issuerUri().toString();
        URI document = URI.create(issuer.replaceAll("/$", "") + "/.well-known/openid-configuration");
        return client.get().uri(document).accept(MediaType.APPLICATION_JSON).retrieve().bodyToMono(JSON_OBJECT)
                .onErrorMap(WebClientException.class, e -> new IssuerUnavailable(document.toString(), e))
                .map(metadata -> {
                    if (!issuer.equals(metadata.get("issuer"))) {
                        throw new IssuerUnavailable(document + " names issuer " + metadata.get("issuer")
                                + ", not " + issuer, null);
                    }
                    return new Provider(issuer, required(metadata, "authorization_endpoint"),
                            required(metadata, "token_endpoint"),
                            optional(metadata, "end_session_endpoint"), optional(metadata, "revocation_endpoint"),
                            prefersClientSecretPost(metadata.get("token_endpoint_auth_methods_supported")),
                            idTokenDecoder(issuer, required(metadata, "jwks_uri"),
                                    metadata.get("id_token_signing_alg_values_supported")));
                });
    }

    private ReactiveJwtDecoder idTokenDecoder(String issuer, URI jwks, Object algorithms) {
        Set<SignatureAlgorithm> accepted = algorithms instanceof Collection<?> names
                ? names.stream().map(Object::toString).map(SignatureAlgorithm::from).filter(Objects::nonNull)
                        .collect(Collectors.toSet())
                : Set.of();
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwks.toString())
                .jwsAlgorithms(set -> set.addAll(accepted.isEmpty() ? Set.of(SignatureAlgorithm.RS256) : accepted))
                .build();
        JwtTimestampValidator expiry = new JwtTimestampValidator();
        expiry.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(expiry, new JwtIssuerValidator(issuer),
                new JwtAudienceValidator(properties.clientId()), this::authorizedParty)));
        return decoder;
    }

    /** OIDC Core 3.1.3.7: with several audiences, {@code azp} must name this client. */
    private OAuth2TokenValidatorResult authorizedParty(Jwt jwt) {
        List<String> audience = jwt.getAudience();
        String azp = jwt.getClaimAsString("azp");
        boolean fine = (audience == null || audience.size() <= 1) && azp == null || properties.clientId().equals(azp);
        return fine ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(
                new OAuth2Error("invalid_token", "The ID token was issued to " + azp + ", not this console", null));
    }

    private static boolean prefersClientSecretPost(Object methods) {
        return methods instanceof Collection<?> supported && !supported.contains("client_secret_basic")
                && supported.contains("client_secret_post");
    }

    private static URI optional(Map<String, Object> metadata, String name) {
        return Optional.ofNullable(metadata.get(name)).map(Object::toString).map(URI::create).orElse(null);
    }

    private static URI required(Map<String, Object> metadata, String name) {
        Object value = metadata.get(name);
        if (value == null) {
            throw new IssuerUnavailable("its discovery document names no " + name, null);
        }
        return URI.create(value.toString());
    }

    /** Cookies are Secure whenever the console's public address (its registered redirect URI) is https. */
    private boolean secure() {
        return properties.configured() && "https".equals(properties.redirectUri().getScheme());
    }

    private Mono<ServerResponse> refused(HttpStatus status, String title, String detail) {
        return Problems.of(status, title, detail, SignInAttempt.ended(secure()));
    }

    private Mono<ServerResponse> unavailable(IssuerUnavailable e) {
        return Problems.of(HttpStatus.BAD_GATEWAY, "The issuer does not answer", "Cannot reach " + e.getMessage());
    }

    private static Mono<ServerResponse> off() {
        return Problems.of(HttpStatus.NOT_FOUND, "OIDC sign-in is off",
                "Set accessledger.console.oidc.issuer-uri to sign in with your organisation's issuer");
    }

    /** The issuer could not be discovered or reached. */
    static final class IssuerUnavailable extends RuntimeException {
        IssuerUnavailable(String what, Throwable cause) {
            super(what, cause);
        }
    }

    /** The token endpoint refused the grant (a code already used, expired; a refresh token revoked...). */
    static final class CodeRefused extends RuntimeException {
        CodeRefused(String error) {
            super("The issuer refused the code (" + error + "); start the sign-in again");
        }
    }
}
