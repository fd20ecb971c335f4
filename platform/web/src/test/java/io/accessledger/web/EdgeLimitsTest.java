package io.accessledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.spine.testing.SettableClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatusCode;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * The webhook rate limit as a client sees it: a client that has spent its bucket cannot get a fresh one by sending
 * other paths or by filling the limiter's map.
 */
class EdgeLimitsTest {
    /** The map's bound, smaller than the service's 10,000 so that a test fills it quickly. */
    private static final int MAX_BUCKETS = 200;
    private static final Instant START = Instant.parse("2026-12-08T01:00:00Z");
    private final SettableClock clock = new SettableClock(START);
    private final EdgeLimits limits = new EdgeLimits(DataSize.ofKilobytes(256), 3, 1.0, clock,
            () -> List.of(PathPatternParser.defaultInstance.parse("/webhooks/bamboohr"),
                    PathPatternParser.defaultInstance.parse("/integrations/servicenow/requested-items")), MAX_BUCKETS);

    private HttpStatusCode deliver(String client, String path) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post(path)
                .remoteAddress(new InetSocketAddress(client, 40_000)));
        limits.filter(exchange, served -> {
            served.getResponse().setStatusCode(org.springframework.http.HttpStatus.OK);
            return Mono.empty();
        }).block();
        return exchange.getResponse().getStatusCode();
    }

    private void spend(String client, String path) {
        for (int i = 0; i < 3; i++) {
            assertThat(deliver(client, path).value()).isEqualTo(200);
        }
        assertThat(deliver(client, path).value()).isEqualTo(429);
    }

    @Test
    void aFloodOfJunkWebhookPathsNeitherResetsTheSpentBucketNorGrowsTheMap() {
        spend("192.0.2.7", "/webhooks/bamboohr");
        int refusedJunk = 0;
        for (int i = 0; i <= MAX_BUCKETS + 10; i++) {
            refusedJunk += deliver("192.0.2.7", "/webhooks/junk-" + i).value() == 429 ? 1 : 0;
        }
        assertThat(deliver("192.0.2.7", "/webhooks/bamboohr").value()).as("the spent bucket").isEqualTo(429);
        assertThat(refusedJunk).as("unknown paths share one bucket per client").isGreaterThan(MAX_BUCKETS);
        assertThat(limits.buckets()).isLessThanOrEqualTo(3);
        assertThat(deliver("192.0.2.8", "/webhooks/bamboohr").value()).as("another client").isEqualTo(200);
        assertThat(deliver("192.0.2.7", "/integrations/servicenow/requested-items").value())
                .as("another webhook of the same client").isEqualTo(200);
    }

    /**
     * Many client addresses fill the map: a bucket still refilling is never dropped (dropping it would hand its client
     * a full one); only buckets back at capacity are, which loses nothing. Until some are, newcomers share one
     * bucket.
     */
    @Test
    void aFullMapEvictsOnlyBucketsBackAtCapacity() {
        spend("192.0.2.7", "/webhooks/bamboohr");
        for (int i = 0; i <= MAX_BUCKETS + 10; i++) {
            deliver(address(i), "/webhooks/bamboohr");
        }
        assertThat(limits.buckets()).isLessThanOrEqualTo(MAX_BUCKETS + 1);
        assertThat(deliver("192.0.2.7", "/webhooks/bamboohr").value()).as("the spent bucket").isEqualTo(429);
        assertThat(deliver("192.0.2.9", "/webhooks/bamboohr").value()).as("newcomers share the overflow bucket")
                .isEqualTo(429);

        clock.advance(Duration.ofSeconds(4));
        assertThat(deliver("192.0.2.9", "/webhooks/bamboohr").value()).isEqualTo(200);
        assertThat(limits.buckets()).as("the refilled buckets were dropped").isLessThanOrEqualTo(2);
    }

    private static String address(int i) {
        return "10.%d.%d.%d".formatted(i >> 16 & 255, i >> 8 & 255, i & 255);
    }
}
