package io.accessledger.review;

import io.accessledger.spine.testing.RunningService;
import io.accessledger.web.hostile.EdgeProbe.Endpoint;
import io.accessledger.web.hostile.EdgeSuite;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * review-scheduler's edge (issue #14, points 2 and 3): every endpoint of its controllers, listed here, put through
 * {@link EdgeSuite} on the running service: bad input and bad tokens refused with 4xx problems, nothing stored,
 * still healthy, security headers on every answer, oversized bodies refused unread.
 */
class ReviewSchedulerEdgeTest extends EdgeSuite {
    @Override
    protected RunningService start() {
        return RunningService.start(ReviewSchedulerApplication.application(), "review_edge");
    }

    @Override
    protected Map<String, Endpoint> endpoints() {
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("POST /api/v1/reviews/campaigns", new Endpoint("POST", "/api/v1/reviews/campaigns",
                "{\"name\":\"Q1 SOX review\",\"scope\":{\"resourceIds\":[\"netsuite-gl\"],\"sensitivities\":"
                        + "[\"HIGH\"],\"regulatoryTags\":[\"SOX\"],\"department\":\"Finance\",\"privilegedOnly\":"
                        + "false},\"reviewerKind\":\"MANAGER\",\"duration\":\"P14D\",\"remindBefore\":[\"P3D\"],"
                        + "\"nonResponse\":\"ESCALATE\",\"escalationPeriod\":\"P7D\"}"));
        endpoints.put("GET /api/v1/reviews/campaigns/{campaignId}", new Endpoint("GET",
                "/api/v1/reviews/campaigns/C-00000000", null));
        endpoints.put("GET /api/v1/reviews/items", new Endpoint("GET", "/api/v1/reviews/items?status=OPEN", null));
        endpoints.put("GET /api/v1/reviews/items/{itemId}", new Endpoint("GET", "/api/v1/reviews/items/RI-00000000",
                null));
        endpoints.put("POST /api/v1/reviews/items/{itemId}/decision", new Endpoint("POST",
                "/api/v1/reviews/items/RI-00000000/decision", "{\"decision\":\"REVOKE\",\"reason\":\"Left the team\"}"));
        endpoints.put("POST /api/v1/reviews/items/{itemId}/delegation", new Endpoint("POST",
                "/api/v1/reviews/items/RI-00000000/delegation", "{\"delegateId\":\"E1003\",\"reason\":\"On leave\"}"));
        endpoints.putAll(adminEndpoints("accessledger.review.events.v1"));
        return endpoints;
    }
}
