package io.accessledger.provisioning;

import io.accessledger.spine.testing.RunningService;
import io.accessledger.web.hostile.EdgeProbe.Endpoint;
import io.accessledger.web.hostile.EdgeSuite;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * provisioning-service's edge (issue #14, points 2 and 3): every endpoint of its controllers, listed here, put through
 * {@link EdgeSuite} on the running service: bad input and bad tokens refused with 4xx problems, nothing stored,
 * still healthy, security headers on every answer, oversized bodies refused unread.
 */
class ProvisioningServiceEdgeTest extends EdgeSuite {
    @Override
    protected RunningService start() {
        return RunningService.start(ProvisioningServiceApplication.application(), "provisioning_edge");
    }

    @Override
    protected Map<String, Endpoint> endpoints() {
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("GET /api/v1/grants", new Endpoint("GET", "/api/v1/grants?employeeId=E1030&status=ACTIVE", null));
        endpoints.put("POST /api/v1/grants/{grantId}/retry", new Endpoint("POST", "/api/v1/grants/G-00000000/retry",
                "{\"reason\":\"The target is back\"}"));
        endpoints.put("GET /api/v1/fulfilment-tasks", new Endpoint("GET", "/api/v1/fulfilment-tasks?status=OPEN",
                null));
        endpoints.put("POST /api/v1/fulfilment-tasks/{taskId}/completion", new Endpoint("POST",
                "/api/v1/fulfilment-tasks/FT-00000000/completion", "{\"reference\":\"CHG0001\",\"note\":\"Done\"}"));
        endpoints.put("POST /api/v1/reconciliations", new Endpoint("POST", "/api/v1/reconciliations",
                "{\"target\":\"manual\"}"));
        endpoints.put("GET /api/v1/reconciliations/{reconciliationId}", new Endpoint("GET",
                "/api/v1/reconciliations/RC-00000000", null));
        endpoints.put("GET /api/v1/reconciliations", new Endpoint("GET", "/api/v1/reconciliations?target=manual",
                null));
        endpoints.put("GET /api/v1/reconciliations/removals", new Endpoint("GET",
                "/api/v1/reconciliations/removals?status=FAILED", null));
        endpoints.put("POST /api/v1/reconciliations/removals/{removalId}/retry", new Endpoint("POST",
                "/api/v1/reconciliations/removals/UR-00000000/retry", null));
        endpoints.put("GET /api/v1/integrations/sailpoint/test-connection", new Endpoint("GET",
                "/api/v1/integrations/sailpoint/test-connection", null));
        endpoints.put("GET /api/v1/integrations/sailpoint/accounts", new Endpoint("GET",
                "/api/v1/integrations/sailpoint/accounts", null));
        endpoints.put("GET /api/v1/integrations/sailpoint/accounts/{id}", new Endpoint("GET",
                "/api/v1/integrations/sailpoint/accounts/E1030", null));
        endpoints.put("GET /api/v1/integrations/sailpoint/entitlements", new Endpoint("GET",
                "/api/v1/integrations/sailpoint/entitlements", null));
        endpoints.putAll(adminEndpoints("accessledger.provisioning.events.v1"));
        return endpoints;
    }
}
