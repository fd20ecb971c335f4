package io.accessledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class ConsoleGatewayTest {
    static final String SECRET = "console-test-secret-at-least-32-bytes-long";
    static final StubService APPROVALS = new StubService(200, "application/json", "[{\"taskId\":\"T1\"}]");
    static final StubService REQUESTS = new StubService(422, "application/problem+json",
            "{\"type\":\"about:blank\",\"title\":\"Refused\",\"status\":422,\"errors\":[{\"code\":\"unknownResource\"}]}");

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("accessledger.console.services.approval", APPROVALS::baseUrl);
        registry.add("accessledger.console.services.request", REQUESTS::baseUrl);
        registry.add("accessledger.console.dev-jwt-secret", () -> SECRET);
        registry.add("accessledger.console.max-body-bytes", () -> 1024);
        registry.add("accessledger.console.directory-file", () -> "../demo/directory.json");
    }

    @AfterAll
    static void stop() {
        APPROVALS.close();
        REQUESTS.close();
    }

    @Value("${local.server.port}")
    int port;
    WebTestClient web;

    @BeforeEach
    void client() {
        web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        APPROVALS.seen.clear();
        REQUESTS.seen.clear();
    }

    private String signIn(String employeeId, String rolesJson) {
        var result = web.post().uri("/console/session").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"employeeId\":\"" + employeeId + "\",\"roles\":" + rolesJson + "}")
                .exchange().expectStatus().isOk().returnResult(String.class);
        var cookie = result.getResponseCookies().getFirst(Session.COOKIE);
        assertThat(cookie).isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        return cookie.getValue();
    }

    @Test
    void theSignedInPersonsTokenRidesAsBearerToTheServiceOwningThePrefix() throws Exception {
        String token = signIn("E1001", "[\"IAM\"]");

        web.get().uri("/api/v1/approvals/tasks?status=OPEN").cookie(Session.COOKIE, token).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[0].taskId").isEqualTo("T1");

        assertThat(APPROVALS.seen).singleElement().satisfies(seen -> {
            assertThat(seen.uri()).isEqualTo("/api/v1/approvals/tasks?status=OPEN");
            assertThat(seen.authorization()).isEqualTo("Bearer " + token);
        });
        assertThat(REQUESTS.seen).isEmpty();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"iss\":\"accessledger-local\"", "\"sub\":\"E1001\"", "\"roles\":[\"IAM\"]");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8)))).isEqualTo(parts[2]);
    }

    @Test
    void aServicesProblemAnswerReachesTheBrowserUnchanged() {
        String token = signIn("E1001", "[]");

        web.post().uri("/api/v1/access-requests").cookie(Session.COOKIE, token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"resourceId\":\"nope\"}")
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].code").isEqualTo("unknownResource");

        assertThat(REQUESTS.seen).singleElement().satisfies(seen -> {
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.body()).isEqualTo("{\"resourceId\":\"nope\"}");
        });
    }

    @Test
    void aPathNoServiceOwnsIsANotFoundProblemAndReachesNoService() {
        web.get().uri("/api/v1/nothing-here").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(APPROVALS.seen).isEmpty();
        assertThat(REQUESTS.seen).isEmpty();
    }

    @Test
    void aBodyOverTheCapIsRefusedWithoutReachingTheService() {
        web.post().uri("/api/v1/access-requests").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"justification\":\"" + "x".repeat(2048) + "\"}")
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(REQUESTS.seen).isEmpty();
    }

    @Test
    void aSignInWithAnUnknownRoleIsABadRequestProblemAndSetsNoCookie() {
        var result = web.post().uri("/console/session").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"employeeId\":\"E1001\",\"roles\":[\"GOD\"]}")
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).returnResult(String.class);
        assertThat(result.getResponseCookies().getFirst(Session.COOKIE)).isNull();
    }

    @Test
    void theSignInPageOffersTheDemoDirectory() {
        web.get().uri("/console/people").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.employeeId == 'E1001')].name").isEqualTo("Chiara Ricci");
    }

    @Test
    void theWebAppIsServedWithAStrictContentSecurityPolicyAndNoInlineScript() {
        String html = web.get().uri("/index.html").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", ConsoleRoutes.CONTENT_SECURITY_POLICY)
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("<script type=\"module\" src=\"/app.js\"></script>");
        assertThat(html.split("<script").length - 1).isEqualTo(1);
        assertThat(ConsoleRoutes.CONTENT_SECURITY_POLICY).startsWith("default-src 'self'").doesNotContain("unsafe");
        web.get().uri("/app.js").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", ConsoleRoutes.CONTENT_SECURITY_POLICY);
    }
}
