package io.accessledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
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
        assertThatThrownBy(() -> new EdgeSecurity().jwtDecoder(profiles("prod"), "", EdgeSecurity.DOCUMENTED_DEV_SECRET))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Refusing to start");
        assertThatThrownBy(() -> new EdgeSecurity().jwtDecoder(profiles(), "", EdgeSecurity.DOCUMENTED_DEV_SECRET))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theLocalProfileAcceptsDevTokensSignedWithTheDocumentedSecret() {
        ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(profiles("local"), "",
                EdgeSecurity.DOCUMENTED_DEV_SECRET);
        Jwt jwt = decoder.decode(DevTokens.mint("E1040", "IAM", "ADMIN")).block();
        assertThat(jwt.getSubject()).isEqualTo("E1040");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("IAM", "ADMIN");
    }

    @Test
    void anOperatorsOwnSecretWorksOutsideTheLocalProfile() {
        ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(profiles("prod"), "", OWN_SECRET);
        String token = DevTokens.mint(OWN_SECRET, "E1001", List.of(), Duration.ofMinutes(5));
        assertThat(decoder.decode(token).block().getSubject()).isEqualTo("E1001");
    }

    @Test
    void tokensSignedWithAnotherSecretOrExpiredAreRejected() {
        ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(profiles("prod"), "", OWN_SECRET);
        String forged = DevTokens.mint(EdgeSecurity.DOCUMENTED_DEV_SECRET, "E1001", List.of("ADMIN"),
                Duration.ofMinutes(5));
        assertThatThrownBy(() -> decoder.decode(forged).block()).isInstanceOf(JwtException.class);
        String expired = DevTokens.mint(OWN_SECRET, "E1001", List.of(), Duration.ofMinutes(-5));
        assertThatThrownBy(() -> decoder.decode(expired).block()).isInstanceOf(JwtException.class);
    }

    @Test
    void aSecretTooShortForHs256IsRefused() {
        assertThatThrownBy(() -> new EdgeSecurity().jwtDecoder(profiles("prod"), "", "short"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes");
    }
}
