package io.accessledger.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** When the console tells browsers to use only https for it, and for how long. */
class StrictTransportSecurityTest {
    private static final OidcProperties LOCAL = new OidcProperties(null, null, null, null, null, null, null);

    private static OidcProperties publicAddress(String redirectUri) {
        return new OidcProperties(URI.create("https://issuer.example.com"), "console", null, null,
                URI.create(redirectUri), null, null);
    }

    @Test
    void aRequestThatArrivedOverTlsIsAnsweredWithIt() {
        assertThat(ConsoleRoutes.overHttps(MockServerHttpRequest.get("https://console.example.com/index.html").build(),
                LOCAL)).isTrue();
    }

    @Test
    void anHttpsPublicAddressCountsBehindATlsTerminatingProxy() {
        assertThat(ConsoleRoutes.overHttps(MockServerHttpRequest.get("http://10.0.0.7:8080/index.html").build(),
                publicAddress("https://access.example.com/console/oidc/callback"))).isTrue();
    }

    /** A client's own {@code X-Forwarded-Proto} is not believed: only a scheme Spring resolved (when told to) counts. */
    @Test
    void plainHttpIsNeverAnsweredWithItWhateverTheClientClaims() {
        assertThat(ConsoleRoutes.overHttps(MockServerHttpRequest.get("http://127.0.0.1:8080/index.html")
                .header("X-Forwarded-Proto", "https").build(), LOCAL)).isFalse();
        assertThat(ConsoleRoutes.overHttps(MockServerHttpRequest.get("http://127.0.0.1:8080/index.html").build(),
                publicAddress("http://127.0.0.1:8080/console/oidc/callback"))).isFalse();
    }

    @Test
    void theMaxAgeIsTheConfiguredDurationInSecondsAndANegativeOneIsRefused() {
        assertThat(ConsoleRoutes.strictTransportSecurity(Duration.ofDays(365))).isEqualTo("max-age=31536000");
        assertThat(ConsoleRoutes.strictTransportSecurity(Duration.ZERO)).as("how a browser is told to forget it")
                .isEqualTo("max-age=0");
        assertThatThrownBy(() -> ConsoleRoutes.strictTransportSecurity(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("accessledger.console.hsts-max-age");
    }
}
