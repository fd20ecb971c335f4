package io.accessledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
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

    private static MockEnvironment profiles(String... profiles) {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles(profiles);
        return environment;
    }

    @Test
    void aNonLocalProfileRefusesToStartWithTheDocumentedDevSecret() {
        assertThatThrownBy(() -> new EdgeSecurity().jwtDecoder(profiles("prod"), "", List.of(),
                EdgeSecurity.DOCUMENTED_DEV_SECRET))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Refusing to start");
        assertThatThrownBy(() -> new EdgeSecurity().jwtDecoder(profiles(), "", List.of(),
                EdgeSecurity.DOCUMENTED_DEV_SECRET))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theLocalProfileAcceptsDevTokensSignedWithTheDocumentedSecret() {
        ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(profiles("local"), "", List.of(),
                EdgeSecurity.DOCUMENTED_DEV_SECRET);
        Jwt jwt = decoder.decode(DevTokens.mint("E1040", "IAM", "ADMIN")).block();
        assertThat(jwt.getSubject()).isEqualTo("E1040");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("IAM", "ADMIN");
    }

    @Test
    void anOperatorsOwnSecretWorksOutsideTheLocalProfile() {
        ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(profiles("prod"), "", List.of(), OWN_SECRET);
        String token = DevTokens.mint(OWN_SECRET, "E1001", List.of(), Duration.ofMinutes(5));
        assertThat(decoder.decode(token).block().getSubject()).isEqualTo("E1001");
    }

    @Test
    void tokensSignedWithAnotherSecretOrExpiredAreRejected() {
        ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(profiles("prod"), "", List.of(), OWN_SECRET);
        String forged = DevTokens.mint(EdgeSecurity.DOCUMENTED_DEV_SECRET, "E1001", List.of("ADMIN"),
                Duration.ofMinutes(5));
        assertThatThrownBy(() -> decoder.decode(forged).block()).isInstanceOf(JwtException.class);
        String expired = DevTokens.mint(OWN_SECRET, "E1001", List.of(), Duration.ofMinutes(-5));
        assertThatThrownBy(() -> decoder.decode(expired).block()).isInstanceOf(JwtException.class);
    }

    @Test
    void aSecretTooShortForHs256IsRefused() {
        assertThatThrownBy(() -> new EdgeSecurity().jwtDecoder(profiles("prod"), "", List.of(), "short"))
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
                    List.of("accessledger"), "");

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

    @Test
    void withAnIssuerButNoAudienceTheServiceRefusesToStartNamingTheKey() throws Exception {
        try (Issuer issuer = new Issuer()) {
            assertThatThrownBy(() -> new EdgeSecurity().jwtDecoder(profiles("prod"), issuer.uri(), List.of(), ""))
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
            Instant now = Instant.now();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    new JWTClaimsSet.Builder().issuer(uri()).subject(subject).audience(audience)
                            .claim("roles", roles).issueTime(Date.from(now))
                            .expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        }

        @Override
        public void close() {
            server.disposeNow();
        }
    }
}
