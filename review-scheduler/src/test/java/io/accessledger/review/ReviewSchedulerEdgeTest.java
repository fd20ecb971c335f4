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
        endpoints.putAll(adminEndpoints("accessledger.review.events.v1"));
        return endpoints;
    }
}
