package io.accessledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.testissuer.TestIssuer;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The console as a public client (no secret): PKCE alone binds the code, the client id rides in the token request. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ConsoleOidcPublicClientTest {
    static final int PORT = ConsoleOidcSignInTest.freePort();
    static final String CONSOLE = "http://127.0.0.1:" + PORT;
    static final TestIssuer ISSUER = TestIssuer.start(CONSOLE + OidcProperties.CALLBACK_PATH, CONSOLE + "/");
    static final StubService APPROVALS = new StubService(200, "application/json", "[]");

    @DynamicPropertySource
    static void console(DynamicPropertyRegistry registry) {
        registry.add("accessledger.console.services.approval", APPROVALS::baseUrl);
        ConsoleOidcSignInTest.signingInAt(ISSUER, PORT, registry, TestIssuer.PUBLIC_CLIENT_ID);
    }

    @AfterAll
    static void stop() {
        APPROVALS.close();
        ISSUER.close();
    }

    @Test
    void aPublicClientSignsInWithItsIdAndVerifierAloneAndTheServiceGetsTheIssuersToken() throws Exception {
        ConsoleOidcSignInTest.Browser browser = new ConsoleOidcSignInTest.Browser();
        URI callback = ConsoleOidcSignInTest.toTheCallback(browser, ISSUER, CONSOLE, "marco").callback();

        HttpResponse<String> back = browser.get(callback);

        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(ISSUER.tokenRequests).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("client_id", TestIssuer.PUBLIC_CLIENT_ID).containsKey("code_verifier")
                .doesNotContainKeys("client_secret", "(Authorization)"));
        assertThat(browser.get(URI.create(CONSOLE + "/api/v1/approvals/tasks")).statusCode()).isEqualTo(200);
        assertThat(APPROVALS.seen).singleElement().satisfies(seen -> assertThat(seen.authorization())
                .isEqualTo("Bearer " + browser.cookie(CONSOLE + "/", Session.COOKIE)));
    }
}
