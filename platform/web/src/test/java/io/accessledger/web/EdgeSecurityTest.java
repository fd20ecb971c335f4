package io.accessledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

class EdgeSecurityTest {
    private static final String OWN_SECRET = "an-operator-chosen-secret-of-at-least-32-bytes";
    /** {@code accessledger.security.id-token-claims}' default. */
    private static final List<String> ID_TOKEN_CLAIMS = EdgeSecurity.DEFAULT_ID_TOKEN_CLAIMS;

    private static MockEnvironment profiles(String... profiles) {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles(profiles);
        return environment;
    }

    @Test
    void aNonLocalProfileRefusesToStartWithTheDocumentedDevSecret() {
        assertThatThrownBy(() -> new EdgeSecurity().jwtDecoder(profiles("prod"), "", List.of(),
                EdgeSecurity.DOCUMENTED_DEV_SECRET, ID_TOKEN_CLAIMS, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Refusing to start");
        assertThatThrownBy(() -> new EdgeSecurity().jwtDecoder(profiles(), "", List.of(),
                EdgeSecurity.DOCUMENTED_DEV_SECRET, ID_TOKEN_CLAIMS, false))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theLocalProfileAcceptsDevTokensSignedWithTheDocumentedSecret() {
        ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(profiles("local"), "", List.of(),
                EdgeSecurity.DOCUMENTED_DEV_SECRET, ID_TOKEN_CLAIMS, false);
        Jwt jwt = decoder.decode(DevTokens.mint("E1040", "IAM", "ADMIN")).block();
        assertThat(jwt.getSubject()).isEqualTo("E1040");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("IAM", "ADMIN");
    }

    @Test
    void anOperatorsOwnSecretWorksOutsideTheLocalProfile() {
        ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(profiles("prod"), "", List.of(), OWN_SECRET,
                ID_TOKEN_CLAIMS, false);
        String token = DevTokens.mint(OWN_SECRET, "E1001", List.of(), Duration.ofMinutes(5));
        assertThat(decoder.decode(token).block().getSubject()).isEqualTo("E1001");
    }

    @Test
    void tokensSignedWithAnotherSecretOrExpiredAreRejected() {
        ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(profiles("prod"), "", List.of(), OWN_SECRET,
                ID_TOKEN_CLAIMS, false);
        String forged = DevTokens.mint(EdgeSecurity.DOCUMENTED_DEV_SECRET, "E1001", List.of("ADMIN"),
                Duration.ofMinutes(5));
        assertThatThrownBy(() -> decoder.decode(forged).block()).isInstanceOf(JwtException.class);
        String expired = DevTokens.mint(OWN_SECRET, "E1001", List.of(), Duration.ofMinutes(-5));
        assertThatThrownBy(() -> decoder.decode(expired).block()).isInstanceOf(JwtException.class);
    }

    @Test
    void aSecretTooShortForHs256IsRefused() {
        assertThatThrownBy(() -> new EdgeSecurity().jwtDecoder(profiles("prod"), "", List.of(), "short", ID_TOKEN_CLAIMS,
                false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes");
    }

    /**
     * Another application at the same issuer (a tenant's other app registration, a realm's other client) gets access
     * tokens signed with the same keys and carrying a {@code roles} claim its own owner defines and assigns (Entra's
     * app roles, a Keycloak client's roles). Only the audience tells them from the services' own tokens.
     */
    @Test
    void withAnIssuerOnlyTokensForTheConfiguredAudienceAreAccepted() throws Exception {
        try (Issuer issuer = new Issuer()) {
            ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(profiles("prod"), issuer.uri(),
                    List.of("accessledger"), "", ID_TOKEN_CLAIMS, false);

            Jwt ours = decoder.decode(issuer.mint("E1001", List.of("IAM"), List.of("accessledger"))).block();
            assertThat(ours.getSubject()).isEqualTo("E1001");
            assertThat(decoder.decode(issuer.mint("E1001", List.of(), List.of("other-app", "accessledger"))).block()
                    .getSubject()).isEqualTo("E1001");

            String anotherAppsToken = issuer.mint("E1001", List.of("ADMIN"), List.of("expenses-app"));
            assertThatThrownBy(() -> decoder.decode(anotherAppsToken).block()).isInstanceOf(JwtException.class)
                    .hasMessageContaining("aud");
            String noAudience = issuer.mint("E1001", List.of("ADMIN"), List.of());
            assertThatThrownBy(() -> decoder.decode(noAudience).block()).isInstanceOf(JwtException.class);
        }
    }

    /**
     * The console's client id as the services' audience (OPERATIONS advises against it, nothing prevented it): the ID
     * token the console is given at sign-in then names the audience too. It must still not pass as a bearer: it says
     * who signed in to the console, not what the bearer may do, and it lives longer in the browser's cookie jar. An
     * ID token the console asked for carries the sign-in's {@code nonce} (OIDC Core 3.1.2.1: an issuer must echo
     * it), often {@code at_hash}, and Keycloak marks its own with the claim {@code typ: ID}.
     */
    @Test
    void anIdTokenIsRefusedAsABearerEvenWhenItNamesTheServicesAudience() throws Exception {
        try (Issuer issuer = new Issuer()) {
            ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(profiles("prod"), issuer.uri(),
                    List.of("console"), "", ID_TOKEN_CLAIMS, false);
            assertThat(decoder.decode(issuer.mint("E1001", List.of("IAM"), List.of("console"))).block().getSubject())
                    .isEqualTo("E1001");

            for (Map<String, Object> idTokenClaims : List.<Map<String, Object>>of(
                    Map.of("nonce", "n-0S6_WzA2Mj", "azp", "console"),
                    Map.of("at_hash", "77QmUPtjPfzWtF2AnpK9RQ"),
                    Map.of("c_hash", "LDktKdoQak3Pk0cnXxCltA"),
                    Map.of("typ", "ID", "azp", "console"))) {
                String idToken = issuer.mint(null, "E1001", List.of("IAM"), List.of("console"), idTokenClaims);
                assertThatThrownBy(() -> decoder.decode(idToken).block()).as(idTokenClaims.toString())
                        .isInstanceOf(JwtException.class).hasMessageContaining("ID token");
            }
            // Keycloak's own access tokens say typ: Bearer, and pass.
            assertThat(decoder.decode(issuer.mint(null, "E1001", List.of(), List.of("console"),
                    Map.of("typ", "Bearer", "azp", "console"))).block().getSubject()).isEqualTo("E1001");
        }
    }

    /**
     * Keycloak before 25 (or 25+ with its "Nonce backwards compatible" mapper) puts the sign-in's {@code nonce} into
     * access tokens too: its operators name the claims that mark an ID token without it. Keycloak's own
     * {@code typ: ID} still tells its ID tokens apart.
     */
    @Test
    void anIssuerThatPutsTheNonceInAccessTokensIsServedByNamingTheOtherIdTokenClaims() throws Exception {
        try (Issuer issuer = new Issuer()) {
            ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(profiles("prod"), issuer.uri(),
                    List.of("console"), "", List.of("at_hash", "c_hash"), false);
            assertThat(decoder.decode(issuer.mint(null, "E1001", List.of(), List.of("console"),
                    Map.of("typ", "Bearer", "nonce", "n-0S6_WzA2Mj"))).block().getSubject()).isEqualTo("E1001");
            String keycloakIdToken = issuer.mint(null, "E1001", List.of(), List.of("console"),
                    Map.of("typ", "ID", "nonce", "n-0S6_WzA2Mj"));
            assertThatThrownBy(() -> decoder.decode(keycloakIdToken).block()).isInstanceOf(JwtException.class);
        }
    }

    /**
     * RFC 9068's access tokens are typed {@code at+jwt} in their header (Auth0's RFC 9068 profile, Duende, ...): the
     * services accept them next to the untyped or {@code JWT}-typed tokens Keycloak, Entra and Okta issue, and refuse
     * any other explicit type (an OIDC logout token, a security event token: RFC 8725 3.11).
     */
    @Test
    void accessTokensTypedAtJwtAreAcceptedAndOtherExplicitTypesRefused() throws Exception {
        try (Issuer issuer = new Issuer()) {
            ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(profiles("prod"), issuer.uri(),
                    List.of("accessledger"), "", ID_TOKEN_CLAIMS, false);
            for (String type : List.of("at+jwt", "application/at+jwt", "AT+JWT", "JWT")) {
                assertThat(decoder.decode(issuer.mint(type, "E1001", List.of(), List.of("accessledger"), Map.of()))
                        .block().getSubject()).as(type).isEqualTo("E1001");
            }
            for (String type : List.of("logout+jwt", "secevent+jwt", "id_token+jwt")) {
                String token = issuer.mint(type, "E1001", List.of(), List.of("accessledger"), Map.of());
                assertThatThrownBy(() -> decoder.decode(token).block()).as(type).isInstanceOf(JwtException.class);
            }
        }
    }

    /** With {@code accessledger.security.require-at-jwt} only RFC 9068's typed access tokens pass. */
    @Test
    void whenRequiredOnlyTokensTypedAtJwtAreAccepted() throws Exception {
        try (Issuer issuer = new Issuer()) {
            ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(profiles("prod"), issuer.uri(),
                    List.of("accessledger"), "", ID_TOKEN_CLAIMS, true);
            assertThat(decoder.decode(issuer.mint("at+jwt", "E1001", List.of(), List.of("accessledger"), Map.of()))
                    .block().getSubject()).isEqualTo("E1001");
            for (String type : java.util.Arrays.asList(null, "JWT")) {
                String token = issuer.mint(type, "E1001", List.of(), List.of("accessledger"), Map.of());
                assertThatThrownBy(() -> decoder.decode(token).block()).as(String.valueOf(type))
                        .isInstanceOf(JwtException.class);
            }
        }
    }

    @Test
    void withAnIssuerButNoAudienceTheServiceRefusesToStartNamingTheKey() throws Exception {
        try (Issuer issuer = new Issuer()) {
            assertThatThrownBy(() -> new EdgeSecurity().jwtDecoder(profiles("prod"), issuer.uri(), List.of(), "",
                    ID_TOKEN_CLAIMS, false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.audiences");
        }
    }

    /** An OIDC issuer on a real port: its discovery document and its JWKS (one RSA key), and tokens it signs. */
    private static final class Issuer implements AutoCloseable {
        private final RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        private final DisposableServer server;

        Issuer() throws JOSEException {
            String jwks = new JWKSet(key.toPublicJWK()).toString();
            server = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
                    .get("/.well-known/openid-configuration", (request, response) -> response
                            .header("Content-Type", "application/json")
                            .sendString(Mono.just("{\"issuer\":\"" + uri() + "\",\"jwks_uri\":\"" + uri()
                                    + "/jwks\",\"subject_types_supported\":[\"public\"]}")))
                    .get("/jwks", (request, response) -> response.header("Content-Type", "application/json")
                            .sendString(Mono.just(jwks))))
                    .bindNow();
        }

        String uri() {
            return "http://127.0.0.1:" + server.port();
        }

        String mint(String subject, List<String> roles, List<String> audience) throws JOSEException {
            return mint(null, subject, roles, audience, Map.of());
        }

        /** A token with the header's {@code typ} (none when null) and these claims besides the usual ones. */
        String mint(String type, String subject, List<String> roles, List<String> audience, Map<String, Object> more)
                throws JOSEException {
            Instant now = Instant.now();
            JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID());
            if (type != null) {
                header.type(new JOSEObjectType(type));
            }
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(uri()).subject(subject).audience(audience)
                    .claim("roles", roles).issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
            more.forEach(claims::claim);
            SignedJWT jwt = new SignedJWT(header.build(), claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        }

        @Override
        public void close() {
            server.disposeNow();
        }
    }
}
