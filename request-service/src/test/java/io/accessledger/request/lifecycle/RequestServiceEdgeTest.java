package io.accessledger.request.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.request.RequestServiceApplication;
import io.accessledger.request.hris.Fixtures;
import io.accessledger.request.hris.BodySignature;
import io.accessledger.request.hris.Hmac;
import io.accessledger.policyinforce.PolicyInForceView;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.web.hostile.EdgeProbe;
import io.accessledger.web.hostile.EdgeProbe.Endpoint;
import io.accessledger.web.hostile.HostileTokens;
import io.accessledger.web.hostile.Matrix;
import io.accessledger.web.hostile.EdgeSuite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * request-service's edge (issue #14, points 2 and 3): every endpoint and webhook of its controllers, listed here,
 * put through {@link EdgeSuite} on the running service with a published policy (so intake judges bodies rather than
 * answering 503 {@code no-policy}). Webhook signatures, replays and stale timestamps: {@code WebhookEndpointsTest},
 * {@code ServiceNowInboundAuthTest}.
 */
class RequestServiceEdgeTest extends EdgeSuite {
    @Override
    protected RunningService start() throws Exception {
        RunningService service = RunningService.start(RequestServiceApplication.application(), "request_edge",
                "--accessledger.web.webhook-rate-limit.capacity=150",
                "--accessledger.web.webhook-rate-limit.per-second=5");
        service.publish(new PolicyPublished(EventId.of(UUID.randomUUID().toString()), "3", EmployeeId.of("E1041"),
                List.of(), EventJson.mapper().writeValueAsString(LifecycleRulesTest.POLICY),
                Instant.parse("2026-01-01T00:00:00Z")), "policy-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(PolicyInForceView.class).current().isPresent());
        return service;
    }

    @Override
    protected Map<String, Endpoint> endpoints() {
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        String request = "{\"resourceId\":\"github\",\"accessLevel\":\"write\",\"justification\":"
                + "\"Reviewing pull requests of the platform team\",\"accessDuration\":\"P30D\",\"ticketRef\":\"T-1\"}";
        endpoints.put("POST /api/v1/access-requests", new Endpoint("POST", "/api/v1/access-requests", request));
        endpoints.put("GET /api/v1/access-requests", new Endpoint("GET", "/api/v1/access-requests?status=SUBMITTED",
                null));
        endpoints.put("GET /api/v1/access-requests/{requestId}", new Endpoint("GET",
                "/api/v1/access-requests/R-00000000", null));
        endpoints.put("POST /api/v1/access-requests/{requestId}/withdrawal", new Endpoint("POST",
                "/api/v1/access-requests/R-00000000/withdrawal", "{\"reason\":\"No longer needed\"}"));
        endpoints.put("POST /api/v1/access-requests/{requestId}/revision", new Endpoint("POST",
                "/api/v1/access-requests/R-00000000/revision",
                "{\"justification\":\"Read is enough for the review work\",\"accessLevel\":\"read\"}"));
        endpoints.put("POST /api/v1/access-requests/prefill", new Endpoint("POST", "/api/v1/access-requests/prefill",
                "{\"beneficiaryId\":\"E1030\"}"));
        endpoints.put("POST /api/v1/directory/import", new Endpoint("POST", "/api/v1/directory/import",
                "[{\"employeeId\":\"E3001\",\"name\":\"Ada Byron\",\"email\":\"ada@example.com\",\"department\":"
                        + "\"Engineering\",\"jobTitle\":\"Software Engineer\",\"managerId\":\"E3000\",\"employmentType\":"
                        + "\"EMPLOYEE\",\"status\":\"ACTIVE\",\"securityTrainingCompletedOn\":\"2026-06-01\","
                        + "\"backgroundCheck\":\"COMPLETE\",\"mfaEnrolled\":true}]"));
        endpoints.put("POST /webhooks/bamboohr", new Endpoint("POST", "/webhooks/bamboohr",
                fixture("bamboohr-field-based.json")));
        endpoints.put("POST /webhooks/workday", new Endpoint("POST", "/webhooks/workday", fixture("workday-hire.json")));
        endpoints.put("POST /webhooks/hris", new Endpoint("POST", "/webhooks/hris", fixture("hris-worker-hired.json")));
        endpoints.put("POST /integrations/servicenow/requested-items", new Endpoint("POST",
                "/integrations/servicenow/requested-items", "{\"number\":\"RITM0010001\",\"sys_id\":\"abc\","
                        + "\"requested_for\":\"E1030\",\"opened_by\":\"E1030\",\"cat_item\":\"github\"}"));
        // Short paths: the probe appends four 1,000-character parameters, and a request line over Netty's 4 KB is
        // refused by the server itself (414) before any handler could answer with a problem.
        endpoints.put("GET /api/v1/audit/access", new Endpoint("GET",
                "/api/v1/audit/access?asOf=2026-12-01", null));
        endpoints.put("GET /api/v1/audit/grants/{grantId}/evidence", new Endpoint("GET",
                "/api/v1/audit/grants/G-00000000/evidence", null));
        endpoints.put("GET /api/v1/audit/joiners-movers-leavers", new Endpoint("GET",
                "/api/v1/audit/joiners-movers-leavers", null));
        endpoints.put("GET /api/v1/audit/export", new Endpoint("GET",
                "/api/v1/audit/export?format=csv", null));
        endpoints.putAll(adminEndpoints("accessledger.request.events.v1"));
        return endpoints;
    }

    /**
     * The callers of the matrix, by their relationship to one request of E3002's (requested for themselves): the
     * directory below makes E3001 their manager and E3000 their manager's manager; E3009 is an outsider in another
     * department; each overseeing role is held by an outsider, so only the role can let them in.
     */
    private static final Map<String, String> CALLERS = callers();

    private static Map<String, String> callers() {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("requester and beneficiary", HostileTokens.valid("E3002"));
        callers.put("manager", HostileTokens.valid("E3001"));
        callers.put("manager's manager", HostileTokens.valid("E3000"));
        callers.put("outsider", HostileTokens.valid("E3009"));
        for (String role : List.of("IAM", "SECURITY", "COMPLIANCE", "AUDITOR", "ADMIN")) {
            callers.put(role, HostileTokens.valid("E3009", role));
        }
        return callers;
    }

    private static final String DIRECTORY = "[" + person("E3000", "Engineering Director", null) + ","
            + person("E3001", "Engineering Manager", "E3000") + "," + person("E3002", "Software Engineer", "E3001")
            + "," + person("E3009", "Account Executive", null).replace("Engineering", "Sales") + "]";

    private static String person(String id, String title, String managerId) {
        return "{\"employeeId\":\"" + id + "\",\"name\":\"" + id + "\",\"email\":\"" + id.toLowerCase()
                + "@example.com\",\"department\":\"Engineering\",\"jobTitle\":\"" + title + "\","
                + (managerId == null ? "" : "\"managerId\":\"" + managerId + "\",")
                + "\"employmentType\":\"EMPLOYEE\",\"status\":\"ACTIVE\",\"securityTrainingCompletedOn\":"
                + "\"2026-06-01\",\"backgroundCheck\":\"COMPLETE\",\"mfaEnrolled\":true}";
    }

    /**
     * Endpoint × caller → status (docs/SECURITY.md "Reads", CONTRACT.md): a request is read by its parties, the
     * beneficiary's manager and the overseeing roles, and nobody else; prefill by the person, their manager, IAM and
     * ADMIN; the directory import and the operations endpoints by ADMIN only; a request is withdrawn by its requester
     * or beneficiary only (the last row, which changes it).
     */
    @Test
    void theAuthorizationMatrixOfEveryCallerToOneRequestHolds() {
        EdgeProbe probe = probe();
        Map<String, String> json = Map.of("Content-Type", "application/json");
        Map<String, String> admin = Map.of("Content-Type", "application/json", "Authorization",
                HostileTokens.valid("E3009", "ADMIN"));
        assertThat(probe.send("POST", "/api/v1/directory/import", admin, DIRECTORY.getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(200);
        String requester = CALLERS.get("requester and beneficiary");
        byte[] ask = "{\"resourceId\":\"github\",\"accessLevel\":\"write\",\"justification\":\"Reviewing the platform team's pull requests\"}"
                .getBytes(StandardCharsets.UTF_8);
        String[] requestId = new String[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            EdgeProbe.Answer answer = probe.send("POST", "/api/v1/access-requests",
                    Map.of("Content-Type", "application/json", "Authorization", requester), ask);
            if (answer.status() == 202) {
                requestId[0] = answer.body().replaceAll(".*\"requestId\":\"([^\"]+)\".*", "$1");
            }
            return answer.status() == 202;
        });
        String request = "/api/v1/access-requests/" + requestId[0];
        await().atMost(Duration.ofSeconds(60)).until(() -> probe.send("GET", request,
                Map.of("Authorization", requester), null).status() == 200);

        Map<String, Map<String, Integer>> expected = new LinkedHashMap<>();
        expected.put("GET " + request, statuses(200, 200, 403, 403, 200, 200, 200, 200, 200));
        expected.put("POST /api/v1/access-requests/prefill", statuses(200, 200, 403, 403, 200, 403, 403, 403, 200));
        expected.put("POST /api/v1/directory/import", statuses(403, 403, 403, 403, 403, 403, 403, 403, 200));
        expected.put("GET /api/v1/admin/parked", statuses(403, 403, 403, 403, 403, 403, 403, 403, 200));
        expected.put("POST " + request + "/withdrawal", statuses(null, 403, 403, 403, 403, 403, 403, 403, 403));
        expected.put("POST " + request + "/revision", statuses(409, 403, 403, 403, 403, 403, 403, 403, 403));
        // An id that names no request: to anyone but the overseers (who read every request) the same 403 as someone
        // else's request, so an id does not tell whether its request exists.
        String unknown = "/api/v1/access-requests/R-no-such-request";
        expected.put("GET " + unknown, statuses(403, 403, 403, 403, 404, 404, 404, 404, 404));
        expected.put("POST " + unknown + "/withdrawal", statuses(403, 403, 403, 403, 403, 403, 403, 403, 403));
        expected.put("POST " + unknown + "/revision", statuses(403, 403, 403, 403, 403, 403, 403, 403, 403));
        byte[] withdrawal = "{\"reason\":\"No longer needed\"}".getBytes(StandardCharsets.UTF_8);
        byte[] revision = "{\"justification\":\"Reviewing the platform team's pull requests, read only\"}"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> bodies = Map.of("POST /api/v1/access-requests/prefill",
                "{\"beneficiaryId\":\"E3002\"}".getBytes(StandardCharsets.UTF_8), "POST /api/v1/directory/import",
                "[]".getBytes(StandardCharsets.UTF_8), "POST " + request + "/withdrawal", withdrawal,
                "POST " + unknown + "/withdrawal", withdrawal, "POST " + request + "/revision", revision,
                "POST " + unknown + "/revision", revision);
        List<String> wrong = new ArrayList<>();
        expected.forEach((endpoint, byCaller) -> byCaller.forEach((caller, status) -> {
            String[] parts = endpoint.split(" ", 2);
            Map<String, String> headers = new HashMap<>(json);
            headers.put("Authorization", CALLERS.get(caller));
            EdgeProbe.Answer answer = probe.send(parts[0], parts[1], headers, bodies.get(endpoint));
            if (answer.status() != status) {
                wrong.add(endpoint + " as " + caller + ": " + answer.status() + ", expected " + status);
            }
            if (answer.status() >= 400) {
                EdgeProbe.notARefusal(answer).forEach(problem -> wrong.add(endpoint + " as " + caller + ": " + problem));
            }
        }));
        // The outsider's answers for someone else's request and for no request are the same but for the id.
        Map<String, String> outsider = new HashMap<>(json);
        outsider.put("Authorization", CALLERS.get("outsider"));
        for (String change : List.of("/withdrawal", "/revision")) {
            byte[] body = change.equals("/withdrawal") ? withdrawal : revision;
            assertThat(probe.send("POST", unknown + change, outsider, body).body()
                    .replace("R-no-such-request", "<id>"))
                    .isEqualTo(probe.send("POST", request + change, outsider, body).body()
                            .replace(requestId[0], "<id>"));
        }
        assertThat(probe.send("GET", unknown, outsider, null).body().replace("R-no-such-request", "<id>"))
                .isEqualTo(probe.send("GET", request, outsider, null).body().replace(requestId[0], "<id>"));
        EdgeProbe.Answer withdrawn = probe.send("POST", request + "/withdrawal",
                Map.of("Content-Type", "application/json", "Authorization", requester),
                bodies.get("POST " + request + "/withdrawal"));
        assertThat(wrong).isEmpty();
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
    }

    /** Statuses in the order of {@link #CALLERS}; null leaves a caller out (tried after the table). */
    private static Map<String, Integer> statuses(Integer... byCaller) {
        return Matrix.statuses(CALLERS.keySet(), byCaller);
    }

    /** What BambooHR, Workday, a Standard Webhooks sender and ServiceNow send with a body (the dev secrets). */
    @Override
    protected Map<String, String> credentials(Endpoint endpoint, byte[] body) {
        String now = Long.toString(Instant.now().getEpochSecond());
        return switch (endpoint.path()) {
            case "/webhooks/bamboohr" -> Map.of("X-BambooHR-Timestamp", now, "X-BambooHR-Signature",
                    HexFormat.of().formatHex(Hmac.sha256("dev-bamboohr-key".getBytes(StandardCharsets.UTF_8), body,
                            now.getBytes(StandardCharsets.UTF_8))));
            case "/webhooks/workday" -> signed("dev-workday-signing-secret", body, now);
            case "/webhooks/hris" -> {
                String id = "msg_" + UUID.randomUUID();
                byte[] key = Base64.getDecoder().decode("YWNjZXNzbGVkZ2VyLWRldi1ocmlzLXdlYmhvb2stc2VjcmV0");
                yield Map.of("webhook-id", id, "webhook-timestamp", now, "webhook-signature", "v1," + Base64
                        .getEncoder().encodeToString(Hmac.sha256(key, (id + "." + now + ".").getBytes(StandardCharsets.UTF_8),
                                body)));
            }
            case "/integrations/servicenow/requested-items" -> signed("dev-servicenow-signing-secret", body, now);
            default -> super.credentials(endpoint, body);
        };
    }

    /** Workday's and ServiceNow's signature headers over the body with the dev secret. */
    private static Map<String, String> signed(String secret, byte[] body, String now) {
        return Map.of(BodySignature.TIMESTAMP_HEADER, now, BodySignature.SIGNATURE_HEADER, HexFormat.of().formatHex(
                Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8), body, now.getBytes(StandardCharsets.UTF_8))));
    }

    private static String fixture(String name) {
        return new String(Fixtures.bytes(name), StandardCharsets.UTF_8);
    }
}
