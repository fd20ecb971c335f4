package io.accessledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Without the 'local' profile the console mints nothing, even when a dev secret is configured. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"accessledger.console.dev-jwt-secret=console-test-secret-at-least-32-bytes-long",
                "accessledger.console.oidc.issuer-uri=https://issuer.example.com",
                "accessledger.console.oidc.client-id=accessledger-console",
                "accessledger.console.oidc.redirect-uri=https://console.example.com/console/oidc/callback",
                "accessledger.console.hsts-max-age=180d"})
class ConsoleOutsideLocalRunTest {
    @Value("${local.server.port}")
    int port;

    @Test
    void theDemoSignInIsRefusedOutsideTheLocalProfile() {
        WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        var result = web.post().uri("/console/session").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"employeeId\":\"E1001\",\"roles\":[]}")
                .exchange().expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).returnResult(String.class);
        assertThat(result.getResponseCookies()).doesNotContainKey(Session.COOKIE);
        web.get().uri("/console/people").exchange().expectStatus().isForbidden();
    }

    /**
     * The console's public address is https (its redirect URI, as for the Secure cookies): every answer — pages,
     * refusals, the gateway's problems — tells the browser to use only https for it, here with the configured
     * max-age (180 days). The test's plain connection stands for the hop from the TLS-terminating ingress; a browser
     * ignores the header on a plain-HTTP answer (RFC 6797 8.1).
     */
    @Test
    void behindAnHttpsAddressEveryAnswerCarriesStrictTransportSecurityWithTheConfiguredMaxAge() {
        WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        String hsts = "max-age=" + java.time.Duration.ofDays(180).toSeconds();
        web.get().uri("/index.html").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Strict-Transport-Security", hsts);
        web.get().uri("/api/v1/approvals/inbox").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("Strict-Transport-Security", hsts);
        web.post().uri("/api/v1/grants/G1/retry").header("Sec-Fetch-Site", "same-site").exchange()
                .expectStatus().isForbidden().expectHeader().valueEquals("Strict-Transport-Security", hsts);
    }
}
