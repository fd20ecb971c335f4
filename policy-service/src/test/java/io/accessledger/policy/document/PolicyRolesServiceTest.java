package io.accessledger.policy.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.policy.PolicyServiceApplication;
import io.accessledger.policy.access.AccessView;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.web.DevTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.core.io.ClassPathResource;

/**
 * policy-service's HTTP role table (issue 14) on the running service: who may call each endpoint, and the reads of
 * one version and of the diff between two, with their 400 and 404 problems.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyRolesServiceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String DEMO = demo();
    /** The demo policy with the CRM raised to HIGH: version 2 once an ADMIN publishes it. */
    private static final String RAISED = DEMO.replace("ownerId: E1004, sensitivity: MEDIUM, tags: [SOC2]",
            "ownerId: E1004, sensitivity: HIGH, tags: [SOC2]");
    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(PolicyServiceApplication.application(), "policy_roles");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static String demo() {
        try {
            return new ClassPathResource("policy/demo-policy.yaml").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Call(String method, String path, String contentType, String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static HttpResponse<String> send(Call call, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + call.path()))
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(call.body()));
        if (call.contentType() != null) {
            request.header("Content-Type", call.contentType());
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final Call PUT_SAME = new Call("PUT", "/api/v1/policy", "application/yaml", DEMO);
    private static final Call WHAT_IF = new Call("POST", "/api/v1/policy/what-if", "application/json",
            "{\"version\":\"1\"}");

    @Test
    @Order(1)
    void eachEndpointAnswersTheRolesItServesAndRefusesTheOthersWith403AndEveryoneWithoutATokenWith401()
            throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> send(new Call("GET", "/api/v1/policy", null, null),
                DevTokens.mint("E1030")).statusCode() == 200);
        Map<Call, Map<String, Integer>> table = new LinkedHashMap<>();
        Map<String, Integer> readers = Map.of("employee", 200, "IAM", 200, "COMPLIANCE", 200, "AUDITOR", 200,
                "ADMIN", 200);
        table.put(new Call("GET", "/api/v1/policy", null, null), readers);
        table.put(new Call("GET", "/api/v1/policy/versions", null, null), readers);
        table.put(new Call("GET", "/api/v1/policy/versions/1", null, null), readers);
        table.put(new Call("GET", "/api/v1/policy/diff?from=1&to=1", null, null), readers);
        table.put(new Call("POST", "/api/v1/policy/evaluations", "application/json",
                "{\"beneficiaryId\":\"E1030\",\"resourceId\":\"jira\",\"accessLevel\":\"read\"}"), readers);
        table.put(WHAT_IF, Map.of("employee", 403, "IAM", 200, "COMPLIANCE", 200, "AUDITOR", 403, "ADMIN", 200));
        // publishing the same content as version 1 leaves version 2 with no change: ADMIN's call comes last
        table.put(PUT_SAME, Map.of("employee", 403, "IAM", 403, "COMPLIANCE", 403, "AUDITOR", 403, "ADMIN", 200));
        List<String> wrong = new ArrayList<>();
        for (var row : table.entrySet()) {
            Integer unauthenticated = send(row.getKey(), null).statusCode();
            if (unauthenticated != 401) {
                wrong.add(row.getKey() + " without a token: " + unauthenticated);
            }
            for (String role : List.of("employee", "IAM", "COMPLIANCE", "AUDITOR", "ADMIN")) {
                String token = role.equals("employee") ? DevTokens.mint("E1030") : DevTokens.mint("E1041", role);
                HttpResponse<String> answer = send(row.getKey(), token);
                if (answer.statusCode() != row.getValue().get(role)) {
                    wrong.add(row.getKey() + " as " + role + ": " + answer.statusCode() + " " + answer.body());
                } else if (answer.statusCode() == 403) {
                    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    @Order(2)
    void theDiffOfTwoPublishedVersionsNamesTheChangedFieldWithItsValueBeforeAndAfter() throws Exception {
        String admin = DevTokens.mint("E1041", "ADMIN");
        HttpResponse<String> published = send(new Call("PUT", "/api/v1/policy", "application/yaml", RAISED), admin);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        String version = published.body().replaceAll(".*\"version\":\"(\\d+)\".*", "$1");

        HttpResponse<String> diff = send(new Call("GET", "/api/v1/policy/diff?from=1&to=" + version, null, null),
                DevTokens.mint("E1030"));

        assertThat(diff.statusCode()).as(diff.body()).isEqualTo(200);
        assertThat(diff.body()).isEqualTo("{\"from\":\"1\",\"to\":\"" + version + "\",\"entries\":[{\"path\":"
                + "\"resources[salesforce].sensitivity\",\"change\":\"CHANGED\",\"before\":\"MEDIUM\",\"after\":\"HIGH\"}]}");
        HttpResponse<String> one = send(new Call("GET", "/api/v1/policy/versions/" + version, null, null),
                DevTokens.mint("E1030"));
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("\"version\":\"" + version + "\"", "\"publishedBy\":\"E1041\"",
                "resource changed: salesforce");
    }

    @Test
    @Order(3)
    void anUnknownVersionIsA404ProblemAndAVersionThatIsNoNumberIsA400ProblemNamingTheParameter() throws Exception {
        String reader = DevTokens.mint("E1030");
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("/api/v1/policy/versions/999", 404);
        expected.put("/api/v1/policy/diff?from=1&to=999", 404);
        expected.put("/api/v1/policy/versions/latest", 400);
        expected.put("/api/v1/policy/diff?from=1", 400);
        expected.put("/api/v1/policy/diff?from=0&to=1", 400);
        expected.put("/api/v1/policy/diff?from=1&to=2x", 400);
        for (var e : expected.entrySet()) {
            HttpResponse<String> answer = send(new Call("GET", e.getKey(), null, null), reader);
            assertThat(answer.statusCode()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(answer.headers().firstValue("Content-Type")).as(e.getKey()).hasValue("application/problem+json");
        }
        assertThat(send(new Call("GET", "/api/v1/policy/diff?from=1", null, null), reader).body())
                .contains("\"field\":\"to\"");
        HttpResponse<String> whatIfUnknown = send(new Call("POST", "/api/v1/policy/what-if", "application/json",
                "{\"version\":\"999\"}"), DevTokens.mint("E1041", "ADMIN"));
        assertThat(whatIfUnknown.statusCode()).isEqualTo(404);
        HttpResponse<String> both = send(new Call("POST", "/api/v1/policy/what-if", "application/json",
                "{\"version\":\"1\",\"draft\":\"resources: []\"}"), DevTokens.mint("E1041", "ADMIN"));
        assertThat(both.statusCode()).isEqualTo(400);
    }

    /**
     * An evaluation reads the beneficiary's holdings, pending requests, position and trainings: a conflict names the
     * entitlement they hold (`conflictingEntitlement`, `conflictSource: HELD`), a finding the training they lack. So
     * it is answered about oneself, to the beneficiary's manager (who may request for them) and to the overseeing
     * roles; anyone else asking about a colleague — or about an id nobody has — gets one 403.
     */
    @Test
    @Order(4)
    void anEvaluationIsAnsweredOnlyAboutOneselfToTheBeneficiarysManagerAndToTheOverseeingRoles() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> send(new Call("GET", "/api/v1/policy", null, null),
                DevTokens.mint("E1030")).statusCode() == 200);
        EmployeeId manager = EmployeeId.of("E3150");
        EmployeeId report = EmployeeId.of("E3151");
        service.publish(new EmployeeHired(EventId.of(UUID.randomUUID().toString()), report,
                new EmployeeProfile(report, "Ines Moreau", "ines.moreau@example.com", "Engineering",
                        "Software Engineer", manager, null, EmploymentStatus.ACTIVE, LocalDate.parse("2026-06-01"),
                        null, true), LocalDate.parse("2025-01-06"), "workday", Instant.now().minusSeconds(3600)),
                "request-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(AccessView.class).person(report).isPresent());
        Call aboutTheReport = new Call("POST", "/api/v1/policy/evaluations", "application/json",
                "{\"beneficiaryId\":\"E3151\",\"resourceId\":\"jira\",\"accessLevel\":\"read\"}");
        Call aboutNobody = new Call("POST", "/api/v1/policy/evaluations", "application/json",
                "{\"beneficiaryId\":\"E3199\",\"resourceId\":\"jira\",\"accessLevel\":\"read\"}");

        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("the report", send(aboutTheReport, DevTokens.mint("E3151")).statusCode());
        expected.put("their manager", send(aboutTheReport, DevTokens.mint("E3150")).statusCode());
        expected.put("a colleague", send(aboutTheReport, DevTokens.mint("E3152")).statusCode());
        expected.put("a colleague with SECURITY", send(aboutTheReport, DevTokens.mint("E3152", "SECURITY"))
                .statusCode());
        expected.put("a colleague about nobody", send(aboutNobody, DevTokens.mint("E3152")).statusCode());
        expected.put("IAM about nobody", send(aboutNobody, DevTokens.mint("E3152", "IAM")).statusCode());
        assertThat(expected).containsExactly(Map.entry("the report", 200), Map.entry("their manager", 200),
                Map.entry("a colleague", 403),
                Map.entry("a colleague with SECURITY", 200), Map.entry("a colleague about nobody", 403),
                Map.entry("IAM about nobody", 200));
        HttpResponse<String> refused = send(aboutTheReport, DevTokens.mint("E3152"));
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).doesNotContain("jira").doesNotContain("conflict").doesNotContain("finding");
        assertThat(send(aboutNobody, DevTokens.mint("E3152")).body().replace("E3199", "E3151"))
                .as("about nobody, the same refusal as about a colleague").isEqualTo(refused.body());
    }
}
