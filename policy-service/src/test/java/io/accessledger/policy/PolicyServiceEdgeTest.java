package io.accessledger.policy;

import io.accessledger.spine.testing.RunningService;
import io.accessledger.web.hostile.EdgeProbe.Endpoint;
import io.accessledger.web.hostile.EdgeSuite;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * policy-service's edge (issue #14, points 2 and 3): every endpoint of its controllers, listed here, put through
 * {@link EdgeSuite} on the running service: bad input and bad tokens refused with 4xx problems, nothing stored,
 * still healthy, security headers on every answer, oversized bodies refused unread.
 */
class PolicyServiceEdgeTest extends EdgeSuite {
    /** A small valid policy document (JSON), as {@code PUT /api/v1/policy} and what-if drafts take it. */
    private static final String POLICY = "{\"resources\":[{\"id\":\"wiki\",\"name\":\"Wiki\",\"target\":\"manual\","
            + "\"ownerId\":\"E1004\",\"sensitivity\":\"LOW\",\"tags\":[],\"levels\":[{\"name\":\"read\","
            + "\"privileged\":false}]}],\"profiles\":[{\"department\":\"Engineering\",\"entitlements\":"
            + "[\"wiki:read\"]}],\"sodRules\":[],\"autoApprove\":{\"inProfileMaxSensitivity\":\"LOW\"}}";

    @Override
    protected RunningService start() {
        return RunningService.start(PolicyServiceApplication.application(), "policy_edge");
    }

    @Override
    protected Map<String, Endpoint> endpoints() {
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("GET /api/v1/policy", new Endpoint("GET", "/api/v1/policy", null));
        endpoints.put("GET /api/v1/policy/versions", new Endpoint("GET", "/api/v1/policy/versions", null));
        endpoints.put("GET /api/v1/policy/versions/{version}", new Endpoint("GET", "/api/v1/policy/versions/1", null));
        endpoints.put("GET /api/v1/policy/diff", new Endpoint("GET", "/api/v1/policy/diff?from=1&to=1", null));
        endpoints.put("PUT /api/v1/policy", new Endpoint("PUT", "/api/v1/policy", POLICY));
        endpoints.put("POST /api/v1/policy/evaluations", new Endpoint("POST", "/api/v1/policy/evaluations",
                "{\"beneficiaryId\":\"E1030\",\"resourceId\":\"wiki\",\"accessLevel\":\"read\",\"accessDuration\":\"P30D\"}"));
        endpoints.put("POST /api/v1/policy/what-if", new Endpoint("POST", "/api/v1/policy/what-if",
                "{\"draft\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(POLICY) + ",\"from\":"
                        + "\"2026-01-01T00:00:00Z\",\"to\":\"2026-12-01T00:00:00Z\"}"));
        endpoints.putAll(adminEndpoints("accessledger.policy.events.v1"));
        return endpoints;
    }
}
