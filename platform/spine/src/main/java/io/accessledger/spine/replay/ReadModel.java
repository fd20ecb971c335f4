package io.accessledger.spine.replay;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.spine.inbound.EventConsumer;
import io.accessledger.spine.tracing.RecordTracing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A consumer whose whole effect is rows in its own tables: a read model. Because its effect is only that, it can be
 * rebuilt from the topics at any time ({@link ReadModelRebuilds}) into fresh tables beside the live ones, and a
 * rebuild can never repeat a side effect: a read model sends no command, calls no outside system, sends no mail
 * (the architecture tests hold every implementation to that). The one thing besides rows it may do is time what it
 * sees happen for the service's metrics, and only when that is news ({@link #isNews}): a rebuild, which applies
 * history, then observes nothing again.
 *
 * <p>Its SQL must name its tables unqualified (the rebuild points the transaction's {@code search_path} at the
 * fresh schema), keep no state in memory, and stay correct whatever order records of different keys arrive in.
 */
public interface ReadModel extends EventConsumer {
    /** The tables this read model owns, and which a rebuild recreates and compares. */
    List<String> tables();

    /** A read model's whole effect is rows: its polls are applied in one transaction ({@link #handleAll}). */
    @Override
    default boolean effectInTransaction() {
        return true;
    }

    /** One event of a poll, for {@link #handleAll}. */
    record Delivery(DomainEvent event, Envelope envelope) {
    }

    /**
     * Applies the events of one poll, in their order, inside the one transaction that also holds their dedupe rows
     * (the live consumer's poll path, docs/RELIABILITY.md "Inbound"): the transaction is rolled back and every record
     * of the poll handled again on its own if this throws, so it must do nothing but write rows. {@code opening} opens
     * the handling of one delivery (its span and the request id in the log MDC): hold it open around that
     * delivery's own work. The default handles them one by one; a read model may override it to write the poll's
     * rows with one JDBC batch.
     */
    default void handleAll(List<Delivery> deliveries, Function<Delivery, RecordTracing.Handling> opening) {
        for (Delivery delivery : deliveries) {
            try (RecordTracing.Handling handling = opening.apply(delivery)) {
                handle(delivery.event(), delivery.envelope());
            }
        }
    }

    /** How old an event may be and still be news to a read model's metrics. */
    Duration NEWS = Duration.ofMinutes(10);

    /**
     * Whether an event that happened at {@code occurredAt} is news now: at most {@link #NEWS} old. A rebuild or a
     * consumer catching up from far behind applies history, which metrics of live flow must not count again.
     */
    static boolean isNews(Instant occurredAt, Clock clock) {
        return !occurredAt.isBefore(clock.instant().minus(NEWS));
    }
}
