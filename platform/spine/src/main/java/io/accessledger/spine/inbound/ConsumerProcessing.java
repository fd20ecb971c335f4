package io.accessledger.spine.inbound;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.codec.UndecodableEventException;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.spine.tracing.RecordTracing;
import io.accessledger.spine.replay.ReadModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handles one record for one consumer, however it arrives (live from the topic, again from the parked table, or
 * re-driven from the dead-letter topic): decode, then in one transaction the dedupe row and the consumer's effect (for
 * a live record, the dedupe row only if no record of its key is parked; else the record is parked behind it).
 */
final class ConsumerProcessing {
    private final EventConsumer consumer;
    private final EventCodec codec;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final RecordTracing tracing;
    /** {@link #wants}' answer by {@code ce_type}. */
    private final Map<String, Boolean> wanted = new ConcurrentHashMap<>();
    private final OnFirstUse processed;
    private final OnFirstUse duplicates;
    /** Polls applied whole ({@code accessledger.inbound.polls{outcome=whole}}), counted by the listener. */
    final OnFirstUse pollsWhole;
    /** Polls handled record by record after the whole poll's try failed ({@code outcome=record_by_record}). */
    final OnFirstUse pollsByRecord;

    ConsumerProcessing(EventConsumer consumer, EventCodec codec, JdbcTemplate jdbc, TransactionTemplate transactions,
            MeterRegistry meters, RecordTracing tracing) {
        this.consumer = consumer;
        this.codec = codec;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tracing = tracing;
        this.processed = new OnFirstUse(meters, "accessledger.inbound.processed", "consumer", consumer.name());
        this.duplicates = new OnFirstUse(meters, "accessledger.inbound.duplicates", "consumer", consumer.name());
        this.pollsWhole = new OnFirstUse(meters, "accessledger.inbound.polls", "consumer", consumer.name(),
                "outcome", "whole");
        this.pollsByRecord = new OnFirstUse(meters, "accessledger.inbound.polls", "consumer", consumer.name(),
                "outcome", "record_by_record");
    }

    /**
     * One of the consumer's counters, registered at its first use (as a look-up per use registered it: a consumer
     * that never counts a thing shows no such counter) and then kept, so that counting a record is an increment,
     * not the registry's look-up (its tags sorted, an id built and hashed) that it was for every record and poll
     * (about 1 % of a consumer hop's samples, docs/BENCHMARKS.md "End-to-end", "Eighth round").
     */
    static final class OnFirstUse {
        private final MeterRegistry meters;
        private final String name;
        private final String[] tags;
        private volatile Counter counter;

        OnFirstUse(MeterRegistry meters, String name, String... tags) {
            this.meters = meters;
            this.name = name;
            this.tags = tags;
        }

        void increment(double amount) {
            Counter registered = counter;
            if (registered == null) {
                // two threads may both get here: the registry answers both with the one counter it registers
                registered = meters.counter(name, tags);
                counter = registered;
            }
            registered.increment(amount);
        }
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

    /** What a live delivery came to ({@link #processInKeyOrder}). */
    enum Outcome {
        /** The effect is committed with this delivery. */
        HANDLED,
        /** The event was handled before (a redelivery): nothing done. */
        DUPLICATE,
        /** A record of its key is parked: this one was parked behind it, in the same transaction, not handled. */
        PARKED_BEHIND
    }

    /**
     * Applies the record once: {@code true} if this delivery had the effect, {@code false} if it was a duplicate.
     * Does not look at the parked records: for a record taken from there (the head of its key) or from the dead-letter
     * topic.
     *
     * @throws io.accessledger.events.codec.UnknownEventTypeException for a type this build does not know
     * @throws UndecodableEventException for a record that is not an AccessLedger event
     */
    boolean process(InboundRecord record) {
        return apply(record, null) == Outcome.HANDLED;
    }

    /**
     * A record live from its topic: applied once, unless a record of its key is parked, in which case {@code
     * parkBehind} parks it, in the same transaction, so the key keeps its order. Whether the key has a parked record
     * is asked in the statement that writes the dedupe row (which writes none then), inside the handling transaction:
     * no round trip or transaction of its own. It is read from {@code inbound_parked}, shared by every instance of
     * the service, never from memory: when a rebalance moves a key's partition to another instance, that instance
     * sees the parked records of the key as the first one did. The record is decoded before the check (it was
     * decoded after it when the check was a query of its own): one that is not an AccessLedger event goes to the
     * dead-letter topic, and one of a type this build does not know is skipped, at once even behind a parked record,
     * as neither ever has an effect to keep in order.
     *
     * @throws io.accessledger.events.codec.UnknownEventTypeException for a type this build does not know
     * @throws UndecodableEventException for a record that is not an AccessLedger event
     */
    Outcome processInKeyOrder(InboundRecord record, Runnable parkBehind) {
        return apply(record, parkBehind);
    }

    private Outcome apply(InboundRecord record, Runnable parkBehind) {
        Envelope envelope = Envelope.fromHeaders(record::header);
        DomainEvent event = decode(envelope, record);
        Outcome outcome = transactions.execute(status -> {
            Outcome written = parkBehind == null ? dedupe(envelope, record) : dedupeUnlessParked(envelope, record);
            if (written == Outcome.PARKED_BEHIND) {
                parkBehind.run();
            } else if (written == Outcome.HANDLED) {
                try (RecordTracing.Handling handling = tracing.handling(envelope, consumer.name())) {
                    consumer.handle(event, envelope);
                }
            }
            return written;
        });
        if (outcome != Outcome.PARKED_BEHIND) {
            (outcome == Outcome.HANDLED ? processed : duplicates).increment(1);
        }
        return outcome;
    }

    private Outcome dedupe(Envelope envelope, InboundRecord record) {
        int inserted = jdbc.update("insert into inbound_dedupe (consumer, event_id, topic, kafka_partition,"
                + " kafka_offset) values (?, ?, ?, ?, ?) on conflict do nothing",
                consumer.name(), envelope.id(), record.topic(), record.partition(), record.offset());
        return inserted == 0 ? Outcome.DUPLICATE : Outcome.HANDLED;
    }

    /**
     * The dedupe row, written only if no record of the key is parked, and which of the two it was, in one statement.
     * A record both parked behind and handled before is parked (as when the question was a query of its own): the
     * re-driver finds it a duplicate in its turn.
     */
    private Outcome dedupeUnlessParked(Envelope envelope, InboundRecord record) {
        return jdbc.queryForObject("""
                with behind as (select exists (select 1 from inbound_parked where consumer = ? and record_key = ?)
                                as parked),
                     added as (insert into inbound_dedupe (consumer, event_id, topic, kafka_partition, kafka_offset)
                               select ?, ?, ?, ?, ? where not (select parked from behind)
                               on conflict do nothing returning 1)
                select (select parked from behind) as parked, (select count(*) from added) as added""",
                (row, n) -> row.getBoolean("parked") ? Outcome.PARKED_BEHIND
                        : row.getLong("added") == 0 ? Outcome.DUPLICATE : Outcome.HANDLED,
                consumer.name(), record.orderingKey(), consumer.name(), envelope.id(), record.topic(),
                record.partition(), record.offset());
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

    /**
     * Whether the consumer's polls may be applied whole ({@link #processPoll}): its effect lies entirely inside the
     * handling transaction ({@link EventConsumer#effectInTransaction}: a read model, or a case driver whose commands
     * join that transaction), one delivery a service.
     */
    boolean appliesPolls() {
        return consumer.effectInTransaction() && !consumer.everyInstance();
    }

    /** What a poll applied whole came to: the records handled, and those parked behind a parked record of their key. */
    record PollOutcome(int handled, int duplicates, List<InboundRecord> parkedBehind) {
    }

    /**
     * Applies the records of one poll of a consumer whose effect lies in the transaction ({@link #appliesPolls}) in
     * ONE transaction: the records of a type the consumer passes over are decoded only; for the others, ONE statement
     * finds which of the poll's keys have a parked record and writes the dedupe rows of the records of the other keys
     * (those already there are duplicates, as is a second record of one event id in the poll), the records of a
     * parked key are parked behind it ({@code parkBehind}, in the transaction: so is every later record of that key
     * in the poll), and the consumer applies the rest in order (a read model through {@link ReadModel#handleAll}, any
     * other through {@link EventConsumer#handle}, one after the other: a case driver's commands each load their
     * aggregate inside this transaction, and so see what an earlier record of the poll appended to it). Anything
     * thrown (a record that is not an event, a type this build does not know, a failing or not-yet-ready record, a
     * command refused or in conflict) rolls the whole poll back and is thrown: the caller then handles the poll record
     * by record, as any consumer's. So does a transaction that a record's handling marked rollback-only while
     * swallowing what failed (a {@code @Transactional} call that threw into a handler that caught it): committing it
     * would throw Spring's {@code UnexpectedRollbackException} for the poll instead. Nothing is half-written, and a
     * poll delivered again after a crash before its offsets were committed finds every dedupe row there.
     */
    PollOutcome processPoll(List<InboundRecord> records, Consumer<InboundRecord> parkBehind) {
        List<InboundRecord> wanted = new ArrayList<>(records.size());
        List<Envelope> envelopes = new ArrayList<>(records.size());
        List<DomainEvent> events = new ArrayList<>(records.size());
        for (InboundRecord record : inKeyOrder(records)) {
            if (!wants(record)) {
                check(record);
                continue;
            }
            Envelope envelope = Envelope.fromHeaders(record::header);
            wanted.add(record);
            envelopes.add(envelope);
            events.add(decode(envelope, record));
        }
        if (wanted.isEmpty()) {
            return new PollOutcome(0, 0, List.of());
        }
        PollOutcome outcome = transactions.execute(status -> {
            DedupeRows.Written written = dedupeUnlessParked(wanted, envelopes);
            List<InboundRecord> behind = new ArrayList<>();
            List<ReadModel.Delivery> deliveries = new ArrayList<>(wanted.size());
            Set<String> added = written.eventIds();
            int candidates = 0;
            for (int i = 0; i < wanted.size(); i++) {
                if (written.parkedKeys().contains(wanted.get(i).orderingKey())) {
                    behind.add(wanted.get(i));
                    parkBehind.accept(wanted.get(i));
                    continue;
                }
                candidates++;
                // a second record of one event id in the poll is a duplicate: the id is taken off once handled
                if (added.remove(envelopes.get(i).id())) {
                    deliveries.add(new ReadModel.Delivery(events.get(i), envelopes.get(i)));
                }
            }
            applyAll(deliveries);
            if (status.isRollbackOnly()) {
                throw new IllegalStateException("a record of the poll marked its transaction rollback-only");
            }
            return new PollOutcome(deliveries.size(), candidates - deliveries.size(), behind);
        });
        if (outcome.handled() > 0) {
            processed.increment(outcome.handled());
        }
        if (outcome.duplicates() > 0) {
            duplicates.increment(outcome.duplicates());
        }
        return outcome;
    }

    /**
     * A poll's records ordered by their key, those of one key in the order they came (a stable sort): the order in
     * which a poll applied whole handles them, and so takes its row locks. Two consumers of one service that write the
     * same rows (policy's evaluation trigger and its {@code seen-requests} and {@code access-view} read models, the
     * review scheduler's clean-ups and their views: each applies a submission itself before it acts, and the read
     * model is what a rebuild replays), each in its poll's one transaction, met a poll's keys in the order of its
     * partitions, which the two polls need not share: one held a row the other waited for while waiting for one the
     * other held, PostgreSQL broke the deadlock after its {@code deadlock_timeout} (a second) by failing one, and that
     * poll was handled again record by record. In key order every such poll takes its locks in one order, so the
     * second to reach a key waits for the first's commit (docs/BENCHMARKS.md, "Eleventh round") but no wait goes round
     * in a circle. The order of one key's records, which is all the inbound path keeps (docs/RELIABILITY.md
     * "Inbound"), is unchanged; records of different keys were never ordered across partitions. Keyless records
     * (foreign ones, bound for the dead-letter topic) come last, in their partitions' offset order.
     */
    static List<InboundRecord> inKeyOrder(List<InboundRecord> records) {
        if (records.size() < 2) {
            return records;
        }
        List<InboundRecord> sorted = new ArrayList<>(records);
        sorted.sort(KEY_ORDER);
        return sorted;
    }

    /** The keyless records' order among themselves: by topic, partition and offset (as numbers, not as text). */
    private static final Comparator<InboundRecord> OFFSET_ORDER = Comparator.comparing(InboundRecord::topic)
            .thenComparingInt(InboundRecord::partition).thenComparingLong(InboundRecord::offset);

    /** By key; the keyless after every keyed record, in {@link #OFFSET_ORDER}. */
    private static final Comparator<InboundRecord> KEY_ORDER = Comparator
            .comparing(InboundRecord::key, Comparator.nullsLast(Comparator.<String>naturalOrder()))
            .thenComparing((a, b) -> a.key() != null ? 0 : OFFSET_ORDER.compare(a, b));

    /** The deliveries of a poll applied whole, in order, each under its own span and log MDC. */
    private void applyAll(List<ReadModel.Delivery> deliveries) {
        Function<ReadModel.Delivery, RecordTracing.Handling> opening =
                delivery -> tracing.handling(delivery.envelope(), consumer.name());
        if (consumer instanceof ReadModel readModel) {
            readModel.handleAll(deliveries, opening);
            return;
        }
        for (ReadModel.Delivery delivery : deliveries) {
            try (RecordTracing.Handling handling = opening.apply(delivery)) {
                consumer.handle(delivery.event(), delivery.envelope());
            }
        }
    }

    /**
     * The dedupe rows of {@code records}, written only for those whose key has no parked record of this consumer, and
     * which keys have one: one statement ({@link DedupeRows#insertUnlessParked}).
     */
    private DedupeRows.Written dedupeUnlessParked(List<InboundRecord> records, List<Envelope> envelopes) {
        List<DedupeRows.Row> rows = new ArrayList<>(records.size());
        List<String> keys = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            InboundRecord record = records.get(i);
            rows.add(new DedupeRows.Row(consumer.name(), envelopes.get(i).id(), record.topic(), record.partition(),
                    record.offset()));
            keys.add(record.orderingKey());
        }
        return jdbc.execute((ConnectionCallback<DedupeRows.Written>) connection ->
                DedupeRows.insertUnlessParked(connection, consumer.name(), rows, keys));
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
