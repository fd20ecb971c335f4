package io.accessledger.request.lifecycle;

import static org.awaitility.Awaitility.await;

import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.request.RequestServiceApplication;
import io.accessledger.request.hris.Fixtures;
import io.accessledger.request.hris.Hmac;
import io.accessledger.policyinforce.PolicyInForceView;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.web.hostile.EdgeProbe.Endpoint;
import io.accessledger.web.hostile.EdgeSuite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.context.ApplicationContext;

/**
 * request-service's edge (issue #14, points 2 and 3): every endpoint and webhook of its controllers, listed here,
 * put through {@link EdgeSuite} on the running service with a published policy (so intake judges bodies rather than
 * answering 503 {@code no-policy}). Webhook signatures, replays and stale timestamps: {@code WebhookEndpointsTest},
 * {@code ServiceNowInboundAuthTest}.
 */
class RequestServiceEdgeTest extends EdgeSuite {
    private static RunningService service;

    @BeforeAll
    static void startService() throws Exception {
        service = RunningService.start(RequestServiceApplication.application(), "request_edge",
                "--accessledger.web.webhook-rate-limit.capacity=150",
                "--accessledger.web.webhook-rate-limit.per-second=5");
        service.publish(new PolicyPublished(EventId.of(UUID.randomUUID().toString()), "3", EmployeeId.of("E1041"),
                List.of(), EventJson.mapper().writeValueAsString(LifecycleRulesTest.POLICY),
                Instant.parse("2026-01-01T00:00:00Z")), "policy-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(PolicyInForceView.class).current().isPresent());
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
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
        endpoints.putAll(adminEndpoints());
        endpoints.putAll(openEndpoints());
        return endpoints;
    }

    /** The spine's operations endpoints, which every service serves ({@code SpineAdminController}). */
    static Map<String, Endpoint> adminEndpoints() {
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("GET /api/v1/admin/parked", new Endpoint("GET", "/api/v1/admin/parked", null));
        endpoints.put("POST /api/v1/admin/dead-letters/{topic}/redrive", new Endpoint("POST",
                "/api/v1/admin/dead-letters/accessledger.request.events.v1-dlt/redrive", null));
        endpoints.put("POST /api/v1/admin/read-models/rebuilds", new Endpoint("POST",
                "/api/v1/admin/read-models/rebuilds", null));
        endpoints.put("GET /api/v1/admin/read-models/rebuilds", new Endpoint("GET", "/api/v1/admin/read-models/rebuilds",
                null));
        endpoints.put("GET /api/v1/admin/read-models/rebuilds/{id}", new Endpoint("GET",
                "/api/v1/admin/read-models/rebuilds/RB-1", null));
        endpoints.put("DELETE /api/v1/admin/read-models/rebuilds/{id}", new Endpoint("DELETE",
                "/api/v1/admin/read-models/rebuilds/RB-1", null));
        return endpoints;
    }

    /** What BambooHR, Workday, a Standard Webhooks sender and ServiceNow send with a body (the dev secrets). */
    @Override
    protected Map<String, String> credentials(Endpoint endpoint, byte[] body) {
        String now = Long.toString(Instant.now().getEpochSecond());
        return switch (endpoint.path()) {
            case "/webhooks/bamboohr" -> Map.of("X-BambooHR-Timestamp", now, "X-BambooHR-Signature",
                    HexFormat.of().formatHex(Hmac.sha256("dev-bamboohr-key".getBytes(StandardCharsets.UTF_8), body,
                            now.getBytes(StandardCharsets.UTF_8))));
            case "/webhooks/workday" -> Map.of("Authorization", basic("workday-dev", "dev-workday-password"));
            case "/webhooks/hris" -> {
                String id = "msg_" + UUID.randomUUID();
                byte[] key = Base64.getDecoder().decode("YWNjZXNzbGVkZ2VyLWRldi1ocmlzLXdlYmhvb2stc2VjcmV0");
                yield Map.of("webhook-id", id, "webhook-timestamp", now, "webhook-signature", "v1," + Base64
                        .getEncoder().encodeToString(Hmac.sha256(key, (id + "." + now + ".").getBytes(StandardCharsets.UTF_8),
                                body)));
            }
            case "/integrations/servicenow/requested-items" -> Map.of("Authorization",
                    basic("servicenow-dev", "dev-servicenow-password"));
            default -> super.credentials(endpoint, body);
        };
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String fixture(String name) {
        return new String(Fixtures.bytes(name), StandardCharsets.UTF_8);
    }

    @Override
    protected ApplicationContext context() {
        return service.context();
    }

    @Override
    protected String baseUrl() {
        return service.baseUrl();
    }

    @Override
    protected long storedEvents() {
        return service.jdbc().queryForObject("select count(*) from domainevententry", Long.class);
    }
}
