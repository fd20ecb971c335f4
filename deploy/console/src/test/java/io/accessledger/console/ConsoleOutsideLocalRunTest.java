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
                "accessledger.console.oidc.redirect-uri=https://console.example.com/console/oidc/callback"})
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
}
