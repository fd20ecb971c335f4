package io.accessledger.spine.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the outbox is moving. A send that failed for a reason no retry can mend (the event is larger than the
 * producer or broker accepts, the service may not write its topic) leaves the outbox stuck on that event — it keeps
 * its token and tries again, so nothing is skipped — and this health is DOWN with the event's id, the reason and the
 * operator's action, until a send succeeds. A broker that is merely away is not "stuck": the outbox waits for it.
 */
public class OutboxHealth implements HealthIndicator {
    /** The event the outbox cannot get past, why, and since when. */
    public record Stuck(String eventId, String type, String reason, String action, Instant since) {
    }

    private final Clock clock;
    private final AtomicReference<Stuck> stuck = new AtomicReference<>();

    public OutboxHealth(Clock clock, io.micrometer.core.instrument.MeterRegistry meters) {
        this.clock = clock;
        io.micrometer.core.instrument.Gauge.builder("accessledger.outbox.stuck", stuck, now -> now.get() == null ? 0 : 1)
                .description("1 while the outbox cannot get past an event (see health component outbox)")
                .register(meters);
    }

    /** The operator's action for a failure no retry can mend, or {@code null} if it may pass by itself. */
    static String actionFor(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
                return "raise the broker's message.max.bytes (or the topic's max.message.bytes) and"
                        + " accessledger.spine.max-request-size above the event's compressed size; the outbox resumes"
                        + " by itself";
            }
            if (cause instanceof AuthorizationException) {
                return "grant the service's principal Write (and IdempotentWrite) on its topic; the outbox resumes by"
                        + " itself";
            }
            if (cause instanceof InvalidTopicException || cause instanceof SerializationException) {
                return "a defect: report it with the event id; the outbox keeps the event and resumes after a fix";
            }
        }
        return null;
    }

    void failed(String eventId, String type, Throwable failure, String action) {
        stuck.updateAndGet(previous -> previous != null && previous.eventId().equals(eventId) ? previous
                : new Stuck(eventId, type, failure.toString(), action, clock.instant()));
    }

    void published() {
        stuck.set(null);
    }

    public Stuck stuck() {
        return stuck.get();
    }

    @Override
    public Health health() {
        Stuck now = stuck.get();
        if (now == null) {
            return Health.up().build();
        }
        return Health.down().withDetail("stuckOnEvent", now.eventId()).withDetail("type", now.type())
                .withDetail("reason", now.reason()).withDetail("action", now.action())
                .withDetail("since", now.since().toString()).build();
    }
}
