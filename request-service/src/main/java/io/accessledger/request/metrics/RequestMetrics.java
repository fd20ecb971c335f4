package io.accessledger.request.metrics;

import io.accessledger.events.model.RequestSource;
import io.accessledger.request.timeline.RequestStatus;
import io.accessledger.request.timeline.RequestView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Business metrics of the request-service, from its read model: {@code accessledger.requests{status,source}}, the
 * number of requests in each status per source (low-cardinality tags only). One query per scrape: the counts are
 * read once and kept for a few seconds for the other gauges of the same scrape.
 */
@Component
public class RequestMetrics {
    private static final long FRESH_NANOS = 5_000_000_000L;
    private final RequestView requests;
    private Map<String, Long> counts = Map.of();
    private long readAt;
    private boolean read;

    public RequestMetrics(RequestView requests, MeterRegistry meters) {
        this.requests = requests;
        for (RequestStatus status : RequestStatus.values()) {
            for (RequestSource source : RequestSource.values()) {
                String key = status.name() + "/" + source.name();
                Gauge.builder("accessledger.requests", this, metrics -> metrics.count(key))
                        .description("Requests in a status, by where they came from")
                        .tag("status", status.name()).tag("source", source.name()).register(meters);
            }
        }
    }

    private synchronized double count(String key) {
        long now = System.nanoTime();
        if (!read || now - readAt > FRESH_NANOS) {
            counts = requests.countsByStatusAndSource();
            readAt = now;
            read = true;
        }
        return counts.getOrDefault(key, 0L);
    }
}
