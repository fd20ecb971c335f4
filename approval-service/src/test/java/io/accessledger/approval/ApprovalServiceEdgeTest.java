package io.accessledger.approval;

import io.accessledger.spine.testing.RunningService;
import io.accessledger.web.hostile.EdgeProbe.Endpoint;
import io.accessledger.web.hostile.EdgeSuite;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * approval-service's edge (issue #14, points 2 and 3): every endpoint of its controllers, listed here, put through
 * {@link EdgeSuite} on the running service: bad input and bad tokens refused with 4xx problems, nothing stored,
 * still healthy, security headers on every answer, oversized bodies refused unread.
 */
class ApprovalServiceEdgeTest extends EdgeSuite {
    @Override
    protected RunningService start() {
        return RunningService.start(ApprovalServiceApplication.application(), "approval_edge");
    }

    @Override
    protected Map<String, Endpoint> endpoints() {
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("GET /api/v1/approvals/tasks", new Endpoint("GET", "/api/v1/approvals/tasks?status=OPEN", null));
        endpoints.put("POST /api/v1/approvals/tasks/{taskId}/decision", new Endpoint("POST",
                "/api/v1/approvals/tasks/T-00000000/decision", "{\"outcome\":\"APPROVE_WITH_CONDITIONS\",\"reason\":"
                        + "\"Fits the role\",\"conditions\":{\"accessDuration\":\"P30D\",\"mfaRequired\":true,"
                        + "\"monitoring\":false},\"overrideReason\":\"Training booked\"}"));
        endpoints.put("POST /api/v1/approvals/tasks/{taskId}/delegation", new Endpoint("POST",
                "/api/v1/approvals/tasks/T-00000000/delegation", "{\"delegateId\":\"E1003\",\"reason\":\"On leave\"}"));
        endpoints.put("PUT /api/v1/approvals/out-of-office", new Endpoint("PUT", "/api/v1/approvals/out-of-office",
                "{\"coverId\":\"E1003\",\"from\":\"2026-12-10T00:00:00Z\",\"until\":\"2026-12-20T00:00:00Z\","
                        + "\"reason\":\"Holiday\"}"));
        endpoints.put("GET /api/v1/approvals/out-of-office", new Endpoint("GET", "/api/v1/approvals/out-of-office",
                null));
        endpoints.put("DELETE /api/v1/approvals/out-of-office", new Endpoint("DELETE",
                "/api/v1/approvals/out-of-office", null));
        endpoints.putAll(adminEndpoints("accessledger.approval.events.v1"));
        return endpoints;
    }
}
