package io.accessledger.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
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
    static final StubService REQUESTS = new StubService(uri -> uri.startsWith("/api/v1/audit/export")
            ? new StubService.Answer(200, "text/csv;charset=UTF-8", "occurredAt,eventId\r\n2026-03-02T09:00:00Z,e1\r\n",
                    Map.of("Content-Disposition", "attachment; filename=\"accessledger-audit.csv\""))
            : uri.startsWith("/api/v1/audit/")
                    ? new StubService.Answer(200, "application/json", "{\"holdings\":[{\"grantId\":\"G1\"}]}")
                    : new StubService.Answer(422, "application/problem+json", "{\"type\":\"about:blank\","
                            + "\"title\":\"Refused\",\"status\":422,\"errors\":[{\"code\":\"unknownResource\"}]}"));
    static final StubService REVIEWS = new StubService(uri -> uri.endsWith("/decision")
            ? new StubService.Answer(422, "application/problem+json", "{\"type\":\"urn:accessledger:problem:"
                    + "revokingNeedsAReason\",\"title\":\"Refused\",\"status\":422,\"detail\":\"Say why the access must go\"}")
            : new StubService.Answer(200, "application/json", "{\"items\":[],\"total\":0,\"page\":0,\"size\":20}"));
    static final StubService PROVISIONING = new StubService(uri -> uri.endsWith("/retry")
            ? new StubService.Answer(409, "application/problem+json", "{\"type\":\"urn:accessledger:problem:"
                    + "grant-not-failed\",\"title\":\"Conflicts with the current state\",\"status\":409}")
            : new StubService.Answer(200, "application/json", "[]"));

    static final StubService POLICY = new StubService(uri -> uri.startsWith("/api/v1/policy/diff")
            ? new StubService.Answer(200, "application/json", "{\"from\":\"1\",\"to\":\"2\",\"entries\":[{\"path\":"
                    + "\"resources[crm].sensitivity\",\"change\":\"CHANGED\",\"before\":\"MEDIUM\",\"after\":\"HIGH\"}]}")
            : uri.equals("/api/v1/policy")
                    ? new StubService.Answer(422, "application/problem+json", "{\"type\":\"urn:accessledger:problem:"
                            + "invalid-policy\",\"title\":\"The policy is not valid\",\"status\":422,\"detail\":"
                            + "\"1 problem\",\"errors\":[{\"field\":\"resources[0].name\",\"message\":\"line 1: required\"}]}")
                    : new StubService.Answer(200, "application/json", "{\"evaluated\":3,\"changed\":0,\"differences\":[]}"));

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("accessledger.console.services.approval", APPROVALS::baseUrl);
        registry.add("accessledger.console.services.request", REQUESTS::baseUrl);
        registry.add("accessledger.console.services.review", REVIEWS::baseUrl);
        registry.add("accessledger.console.services.provisioning", PROVISIONING::baseUrl);
        registry.add("accessledger.console.services.policy", POLICY::baseUrl);
        registry.add("accessledger.console.dev-jwt-secret", () -> SECRET);
        registry.add("accessledger.console.max-body-bytes", () -> 1024);
        registry.add("accessledger.console.directory-file", () -> "../demo/directory.json");
    }

    @AfterAll
    static void stop() {
        APPROVALS.close();
        REQUESTS.close();
        REVIEWS.close();
        PROVISIONING.close();
        POLICY.close();
    }

    @Value("${local.server.port}")
    int port;
    WebTestClient web;

    @BeforeEach
    void client() {
        web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        APPROVALS.seen.clear();
        REQUESTS.seen.clear();
        REVIEWS.seen.clear();
        PROVISIONING.seen.clear();
        POLICY.seen.clear();
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
    void theReviewerPagesCallsReachReviewSchedulerWithTheBearerAndItsRefusalComesBackAsItsProblem() {
        String token = signIn("E1002", "[\"COMPLIANCE\"]");

        web.get().uri("/api/v1/reviews/items?status=OPEN&page=1&size=20&campaignId=C-1").cookie(Session.COOKIE, token)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(0);
        web.get().uri("/api/v1/reviews/items/I-1").cookie(Session.COOKIE, token).exchange().expectStatus().isOk();
        web.get().uri("/api/v1/reviews/campaigns/C-1").cookie(Session.COOKIE, token).exchange().expectStatus().isOk();
        web.post().uri("/api/v1/reviews/items/I-1/decision").cookie(Session.COOKIE, token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"decision\":\"REVOKE\"}")
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("Say why the access must go");

        assertThat(REVIEWS.seen).extracting(StubService.Seen::method, StubService.Seen::uri).containsExactly(
                tuple("GET", "/api/v1/reviews/items?status=OPEN&page=1&size=20&campaignId=C-1"),
                tuple("GET", "/api/v1/reviews/items/I-1"),
                tuple("GET", "/api/v1/reviews/campaigns/C-1"),
                tuple("POST", "/api/v1/reviews/items/I-1/decision"));
        assertThat(REVIEWS.seen).allSatisfy(seen -> assertThat(seen.authorization()).isEqualTo("Bearer " + token));
        assertThat(REVIEWS.seen.get(3).body()).isEqualTo("{\"decision\":\"REVOKE\"}");
        assertThat(REQUESTS.seen).isEmpty();
        assertThat(PROVISIONING.seen).isEmpty();
    }

    @Test
    void theIamPagesCallsReachProvisioningWithTheBearer() {
        String token = signIn("E1004", "[\"IAM\"]");

        web.get().uri("/api/v1/fulfilment-tasks?status=OPEN").cookie(Session.COOKIE, token).exchange()
                .expectStatus().isOk();
        web.get().uri("/api/v1/grants?status=FAILED").cookie(Session.COOKIE, token).exchange().expectStatus().isOk();
        web.post().uri("/api/v1/fulfilment-tasks/T-1/completion").cookie(Session.COOKIE, token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reference\":\"CHG-7\"}").exchange()
                .expectStatus().isOk();
        web.post().uri("/api/v1/grants/G-1/retry").cookie(Session.COOKIE, token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\":\"target fixed\"}").exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("urn:accessledger:problem:grant-not-failed");

        assertThat(PROVISIONING.seen).extracting(StubService.Seen::method, StubService.Seen::uri, StubService.Seen::body)
                .containsExactly(
                        tuple("GET", "/api/v1/fulfilment-tasks?status=OPEN", ""),
                        tuple("GET", "/api/v1/grants?status=FAILED", ""),
                        tuple("POST", "/api/v1/fulfilment-tasks/T-1/completion",
                                "{\"reference\":\"CHG-7\"}"),
                        tuple("POST", "/api/v1/grants/G-1/retry",
                                "{\"reason\":\"target fixed\"}"));
        assertThat(PROVISIONING.seen).allSatisfy(seen -> assertThat(seen.authorization()).isEqualTo("Bearer " + token));
        assertThat(REVIEWS.seen).isEmpty();
    }

    /**
     * SameSite=Strict keeps the session cookie off what other sites' pages send, but a sibling subdomain
     * ({@code wiki.example.com} beside {@code access.example.com}) is the same site: its page, or a script injected
     * into it, makes the browser send the cookie. A POST without a body is a simple request (no CORS preflight), and
     * the completion of a fulfilment task and a grant's retry take one: an IAM person visiting that page would have
     * completed a task, or sent a grant back, they never saw.
     */
    @Test
    void aStateChangingCallAnotherOriginsPageMakesIsRefusedAndReachesNoService() {
        String token = signIn("E1004", "[\"IAM\"]");
        String wiki = "https://wiki.example.com";

        // fetch(console + '/api/v1/fulfilment-tasks/T-1/completion', {method: 'POST', mode: 'no-cors', credentials:
        // 'include'}) from the sibling subdomain's page: the browser says same-site.
        web.post().uri("/api/v1/fulfilment-tasks/T-1/completion").cookie(Session.COOKIE, token)
                .header("Sec-Fetch-Site", "same-site").header("Origin", wiki).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectBody().jsonPath("$.status").isEqualTo(403);
        // A browser that sends no Sec-Fetch-Site still names the page's origin.
        web.post().uri("/api/v1/grants/G-1/retry").cookie(Session.COOKIE, token).header("Origin", wiki).exchange()
                .expectStatus().isForbidden();
        web.delete().uri("/api/v1/approvals/out-of-office").cookie(Session.COOKIE, token)
                .header("Sec-Fetch-Site", "cross-site").exchange()
                .expectStatus().isForbidden();
        web.post().uri("/console/session").contentType(MediaType.APPLICATION_JSON).header("Origin", wiki)
                .bodyValue("{\"employeeId\":\"E1001\",\"roles\":[\"ADMIN\"]}").exchange()
                .expectStatus().isForbidden()
                .expectCookie().doesNotExist(Session.COOKIE);
        assertThat(PROVISIONING.seen).isEmpty();
        assertThat(APPROVALS.seen).isEmpty();

        // The console's own page: same-origin, or (no Sec-Fetch-Site) its Origin is the console's; tools send
        // neither. Reads are never refused.
        String console = "http://127.0.0.1:" + port;
        web.post().uri("/api/v1/fulfilment-tasks/T-1/completion").cookie(Session.COOKIE, token)
                .header("Sec-Fetch-Site", "same-origin").header("Origin", console)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reference\":\"CHG-7\"}").exchange()
                .expectStatus().isOk();
        web.post().uri("/api/v1/grants/G-1/retry").cookie(Session.COOKIE, token).header("Origin", console)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\":\"target fixed\"}").exchange()
                .expectStatus().isEqualTo(409);
        web.post().uri("/api/v1/grants/G-2/retry").cookie(Session.COOKIE, token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\":\"target fixed\"}").exchange()
                .expectStatus().isEqualTo(409);
        web.get().uri("/api/v1/grants?status=FAILED").cookie(Session.COOKIE, token)
                .header("Sec-Fetch-Site", "cross-site").header("Origin", wiki).exchange()
                .expectStatus().isOk();
        assertThat(PROVISIONING.seen).extracting(StubService.Seen::method, StubService.Seen::uri).containsExactly(
                tuple("POST", "/api/v1/fulfilment-tasks/T-1/completion"), tuple("POST", "/api/v1/grants/G-1/retry"),
                tuple("POST", "/api/v1/grants/G-2/retry"), tuple("GET", "/api/v1/grants?status=FAILED"));
    }

    @Test
    void theAuditorPagesCallsReachRequestServiceAndTheExportArrivesAsTheServicesDownload() {
        String token = signIn("E9001", "[\"AUDITOR\"]");

        web.get().uri("/api/v1/audit/access?asOf=2026-03-02&resourceId=crm").cookie(Session.COOKIE, token).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.holdings[0].grantId").isEqualTo("G1");
        web.get().uri("/api/v1/audit/grants/G1/evidence").cookie(Session.COOKIE, token).exchange()
                .expectStatus().isOk();
        // The page's export link is a plain navigation: the browser asks for HTML first and gets the file.
        String csv = web.get().uri("/api/v1/audit/export?format=csv&from=2026-03-01").cookie(Session.COOKIE, token)
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("text/csv;charset=UTF-8")
                .expectHeader().valueEquals("Content-Disposition", "attachment; filename=\"accessledger-audit.csv\"")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv).isEqualTo("occurredAt,eventId\r\n2026-03-02T09:00:00Z,e1\r\n");

        assertThat(REQUESTS.seen).extracting(StubService.Seen::uri).containsExactly(
                "/api/v1/audit/access?asOf=2026-03-02&resourceId=crm", "/api/v1/audit/grants/G1/evidence",
                "/api/v1/audit/export?format=csv&from=2026-03-01");
        assertThat(REQUESTS.seen).allSatisfy(seen -> assertThat(seen.authorization()).isEqualTo("Bearer " + token));
    }

    @Test
    void thePolicyPagesCallsReachPolicyServiceAndAPublicationGoesAsYamlAndItsRefusalComesBackAsItsProblem() {
        String token = signIn("E1041", "[\"ADMIN\"]");

        web.get().uri("/api/v1/policy/diff?from=1&to=2").cookie(Session.COOKIE, token).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.entries[0].path")
                .isEqualTo("resources[crm].sensitivity");
        web.post().uri("/api/v1/policy/what-if").cookie(Session.COOKIE, token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"version\":\"2\"}").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.evaluated").isEqualTo(3);
        web.put().uri("/api/v1/policy").cookie(Session.COOKIE, token).contentType(MediaType.parseMediaType("application/yaml"))
                .bodyValue("resources: [{id: crm}]\n").exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("resources[0].name");

        assertThat(POLICY.seen).extracting(StubService.Seen::method, StubService.Seen::uri, StubService.Seen::body)
                .containsExactly(
                        tuple("GET", "/api/v1/policy/diff?from=1&to=2", ""),
                        tuple("POST", "/api/v1/policy/what-if", "{\"version\":\"2\"}"),
                        tuple("PUT", "/api/v1/policy", "resources: [{id: crm}]\n"));
        assertThat(POLICY.seen).allSatisfy(seen -> assertThat(seen.authorization()).isEqualTo("Bearer " + token));
        assertThat(REQUESTS.seen).isEmpty();
    }

    /** A plain-HTTP local run: a browser told to use only https for 127.0.0.1 would lose every local service. */
    @Test
    void aPlainHttpLocalRunSendsNoStrictTransportSecurity() {
        web.get().uri("/index.html").exchange().expectStatus().isOk()
                .expectHeader().doesNotExist("Strict-Transport-Security");
        web.get().uri("/console/session").exchange().expectStatus().isUnauthorized()
                .expectHeader().doesNotExist("Strict-Transport-Security");
        web.get().uri("/index.html").header("X-Forwarded-Proto", "https").exchange().expectStatus().isOk()
                .expectHeader().doesNotExist("Strict-Transport-Security");
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
