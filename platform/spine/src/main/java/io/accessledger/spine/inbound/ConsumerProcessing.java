package io.accessledger.spine.inbound;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.codec.UndecodableEventException;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.spine.tracing.RecordTracing;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handles one record for one consumer, however it arrives (live from the topic, again from the parked table, or
 * re-driven from the dead-letter topic): decode, then in one transaction the dedupe row and the consumer's effect.
 */
final class ConsumerProcessing {
    private final EventConsumer consumer;
    private final EventCodec codec;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final RecordTracing tracing;
    /** {@link #wants}' answer by {@code ce_type}. */
    private final Map<String, Boolean> wanted = new ConcurrentHashMap<>();

    ConsumerProcessing(EventConsumer consumer, EventCodec codec, JdbcTemplate jdbc, TransactionTemplate transactions,
            MeterRegistry meters, RecordTracing tracing) {
        this.consumer = consumer;
        this.codec = codec;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.meters = meters;
        this.tracing = tracing;
    }

    String name() {
        return consumer.name();
    }

    /**
     * Whether the consumer handles the record's type, by its {@code ce_type} header alone ({@link
     * EventConsumer#handles}). A type this build does not map to an event is wanted: decoding it then skips or
     * dead-letters it as before.
     */
    boolean wants(InboundRecord record) {
        String ceType = record.header(CloudEventHeaders.TYPE);
        if (ceType == null) {
            return true;
        }
        return wanted.computeIfAbsent(ceType, type -> codec.javaTypeOf(type).map(consumer::handles).orElse(true));
    }

    /**
     * Applies the record once: {@code true} if this delivery had the effect, {@code false} if it was a duplicate.
     *
     * @throws io.accessledger.events.codec.UnknownEventTypeException for a type this build does not know
     * @throws UndecodableEventException for a record that is not an AccessLedger event
     */
    boolean process(InboundRecord record) {
        Envelope envelope = Envelope.fromHeaders(record::header);
        DomainEvent event = decode(envelope, record);
        boolean first = Boolean.TRUE.equals(transactions.execute(status -> {
            int inserted = jdbc.update("insert into inbound_dedupe (consumer, event_id, topic, kafka_partition,"
                    + " kafka_offset) values (?, ?, ?, ?, ?) on conflict do nothing",
                    consumer.name(), envelope.id(), record.topic(), record.partition(), record.offset());
            if (inserted == 0) {
                return false;
            }
            try (RecordTracing.Handling handling = tracing.handling(envelope, consumer.name())) {
                consumer.handle(event, envelope);
            }
            return true;
        }));
        meters.counter(first ? "accessledger.inbound.processed" : "accessledger.inbound.duplicates",
                "consumer", consumer.name()).increment();
        return first;
    }

    /**
     * For a record the consumer passes over ({@link #wants} is {@code false}): decodes it as {@link #process} would,
     * with no database work, so that a broken record of a type nobody on its topic handles is still dead-lettered
     * with its reason rather than dropped silently.
     *
     * @throws UndecodableEventException for a record that is not an AccessLedger event
     */
    void check(InboundRecord record) {
        decode(Envelope.fromHeaders(record::header), record);
    }

    private DomainEvent decode(Envelope envelope, InboundRecord record) {
        DomainEvent event = codec.decode(envelope.type(), record.value());
        if (!event.eventId().value().equals(envelope.id())) {
            throw new UndecodableEventException("ce_id " + envelope.id() + " differs from eventId " + event.eventId());
        }
        return event;
    }

    boolean everyInstance() {
        return consumer.everyInstance();
    }

    /** For a consumer of every instance: decode and apply, no dedupe row (its effect is in memory). */
    void processInMemory(InboundRecord record) {
        Envelope envelope = Envelope.fromHeaders(record::header);
        DomainEvent event = codec.decode(envelope.type(), record.value());
        try (RecordTracing.Handling handling = tracing.handling(envelope, consumer.name())) {
            consumer.handle(event, envelope);
        }
    }

    /** A failure no later attempt can mend: the record belongs in the dead-letter topic at once. */
    static boolean permanent(Throwable cause) {
        return cause instanceof UndecodableEventException || cause instanceof PermanentFailure;
    }

    /** The first exception below spring-kafka's wrappers: ours, with its own words. */
    static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof org.springframework.kafka.KafkaException
                || cause instanceof org.springframework.transaction.TransactionException
                        && !(cause instanceof org.springframework.transaction.CannotCreateTransactionException))
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static String reason(Throwable failure) {
        Throwable cause = cause(failure);
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
