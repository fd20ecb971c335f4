package io.accessledger.spine.replay;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.codec.UndecodableEventException;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.spine.inbound.DedupeRows;
import io.accessledger.spine.inbound.InboundRecord;
import io.accessledger.spine.inbound.NotYet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One pass of read models over the topics they read: every record from the beginning up to the end offsets taken at
 * the start, read-only (no consumer group, nothing committed, {@code read_committed}), deduplicated on {@code ce_id}
 * per read model as the live consumers are ({@code inbound_dedupe}, or in memory for a store this pass alone fills:
 * {@link #dedupeInMemory}), and applied by the read models' own code, one transaction per batch (up to
 * {@value #BATCH} records, read in polls of {@value #POLL}; dedupe rows in one statement; a batch meeting a record that
 * is not ready or fails is rolled back and applied again one record per transaction) — in a given schema
 * ({@code search_path}) or the connection's own. Records that are not ready ({@link NotYet}) wait behind their key
 * and are tried again as the pass goes on; records the build cannot decode are counted and named, never applied. An
 * optional {@code until} leaves out events that happened after it (by {@code ce_time}), which is how the log is
 * replayed "as of" a moment. A reader thread polls and decodes the next records while the caller's thread applies the
 * previous batch; the consumer is used by the reader only.
 *
 * <p>It is what a service's rebuild ({@link ReadModelRebuilds}) runs into a fresh schema, and what the
 * {@code accessledger-audit} command runs into its own store. Progress is readable from any thread while it runs.
 */
public final class TopicReplay {
    private static final int ATTEMPTS = 3;
    /** Records per batch handed to the applying thread, and so at most per transaction of the batched path. */
    static final int BATCH = 5_000;
    /**
     * Records per call to the consumer's {@code poll}: a batch is read in several. The consumer parses the records it
     * returns from the decompressed fetch as {@code poll} returns them (each with its value, its headers and their
     * buffers: several KB), and the reader decodes them right after: {@value #BATCH} at once were over 10 MB, out of
     * the caches by the time they were decoded, and the first read of each record's bytes — its headers' keys, its
     * value's first byte — waited for memory (a fifth of the reader's samples in {@code Arrays.equals} on the first
     * byte of a header's key; docs/BENCHMARKS.md, "Audit replay", thirteenth round). {@value #POLL} records are
     * decoded while they are still in the core's cache.
     */
    static final int POLL = 500;
    private static final int MAX_PROBLEMS = 50;
    private static final String DEDUPE = "insert into inbound_dedupe (consumer, event_id, topic, kafka_partition,"
            + " kafka_offset) values (?, ?, ?, ?, ?) on conflict do nothing";

    /** How far one topic is read. */
    public record TopicProgress(String topic, long read, long total) {
    }

    /** What the pass did so far. */
    public record Counts(long read, long total, long applied, long duplicates, long skipped, long later, long failed) {
    }

    private final List<ReadModel> readModels;
    /** Per topic, the read models reading it, in the order given: asked of each read model once, not per record. */
    private final Map<String, List<ReadModel>> readersOf = new HashMap<>();
    private final Map<String, Object> consumerConfig;
    private final EventCodec codec;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String schema;
    private final Instant until;
    private final Map<TopicPartition, long[]> partitions = new ConcurrentHashMap<>(); // {start, read-up-to, end}
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    /** Records not ready yet, per read model and key, in arrival order. */
    private final Map<String, Deque<Pending>> waiting = new LinkedHashMap<>();
    /** Per read model, the event ids applied, when deduplicated in memory ({@link #dedupeInMemory}); else null. */
    private Map<ReadModel, IdSet> seen;
    /** The records' sources and types as strings, for the reader thread ({@link EnvelopeHeaders#envelope}). */
    private final EnvelopeHeaders.Texts sources = new EnvelopeHeaders.Texts();
    private final EnvelopeHeaders.Texts types = new EnvelopeHeaders.Texts();
    private volatile long applied;
    private volatile long duplicates;
    private volatile long skipped;
    private volatile long later;
    private volatile long failed;

    /**
     * @param consumerConfig at least {@code bootstrap.servers}; its group and deserialisers are replaced
     * @param schema the schema to write in, or {@code null} for the connection's own
     * @param until leave out events that happened after this moment, or {@code null} for all
     */
    public TopicReplay(List<ReadModel> readModels, Map<String, Object> consumerConfig, EventCodec codec,
            JdbcTemplate jdbc, TransactionTemplate transactions, String schema, Instant until) {
        this.readModels = List.copyOf(readModels);
        for (Topic topic : Topic.values()) {
            List<ReadModel> readers = this.readModels.stream().filter(model -> model.topics().contains(topic))
                    .toList();
            readersOf.put(topic.topicName(), readers);
        }
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.codec = codec;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.schema = schema;
        this.until = until;
    }

    /**
     * Deduplicates in memory instead of in {@code inbound_dedupe}: the ids of the events each read model applied are
     * held in a set ({@link IdSet}, about 27 bytes per event), and no dedupe row is written. Only for a store that
     * starts empty and that this one pass alone fills (the {@code accessledger-audit} command's own): the same events
     * are applied, once each per read model, in the same order, as with the dedupe rows. Call before {@link #run}.
     */
    public TopicReplay dedupeInMemory() {
        Map<ReadModel, IdSet> sets = new IdentityHashMap<>();
        readModels.forEach(model -> sets.put(model, new IdSet()));
        seen = sets;
        return this;
    }

    /** Reads every topic of the read models to the end offsets taken at its start; blocks until done. */
    public void run(String clientId) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, POLL);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Set<Topic> topics = new LinkedHashSet<>();
        readModels.forEach(model -> topics.addAll(model.topics()));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (Topic topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(30));
                if (infos != null) {
                    infos.forEach(info -> assigned.add(new TopicPartition(info.topic(), info.partition())));
                }
            }
            consumer.assign(assigned);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(assigned, Duration.ofSeconds(30));
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, Duration.ofSeconds(30));
            assigned.forEach(tp -> partitions.put(tp, new long[] {starts.get(tp), starts.get(tp), ends.get(tp)}));
            consumer.seekToBeginning(assigned);
            BlockingQueue<Poll> polls = new ArrayBlockingQueue<>(2);
            Thread reader = new Thread(() -> read(consumer, assigned, polls), clientId + "-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                for (Poll poll = polls.take(); poll.batch != null; poll = polls.take()) {
                    if (poll.failure != null) {
                        throw new IllegalStateException("reading the topics failed", poll.failure);
                    }
                    applyAll(poll.batch);
                    poll.positions.forEach((tp, next) -> {
                        long[] progress = partitions.get(tp);
                        progress[1] = Math.max(progress[1], Math.min(progress[2], next));
                    });
                    retryWaiting();
                }
                if (!caughtUp()) {
                    throw new IllegalStateException("the reader stopped before the end of the topics");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stopped before the end of the topics", e);
            } finally {
                reader.interrupt();
                if (reader.isAlive()) {
                    consumer.wakeup();
                }
                joinQuietly(reader); // the consumer is closed only once the reader has let go of it
            }
        }
        retryWaiting();
        waiting.forEach((key, queue) -> {
            failed += queue.size();
            problem(queue.size() + " record(s) of " + key + " never became ready: " + queue.peek().reason);
        });
    }

    /**
     * The reader thread: polls and decodes while the caller applies the previous batch (the two overlap), handing each
     * batch over with the partitions' positions after it; a poll without a batch ends the pass (or reports a failure).
     * A batch is read in polls of {@value #POLL} records, each decoded as soon as it is polled, until it holds
     * {@value #BATCH}, a poll brings nothing or every partition is read to its end.
     */
    private void read(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> assigned, BlockingQueue<Poll> polls) {
        Map<TopicPartition, Long> reached = new HashMap<>();
        assigned.forEach(tp -> reached.put(tp, partitions.get(tp)[0]));
        try {
            while (!readToTheEnd(assigned, reached)) {
                List<Decoded> batch = new ArrayList<>(BATCH);
                int polled;
                do {
                    polled = 0;
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        polled++;
                        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                        if (record.offset() < partitions.get(tp)[2]) {
                            Decoded decoded = decode(record);
                            if (decoded != null) {
                                batch.add(decoded);
                            }
                        }
                    }
                    for (TopicPartition tp : assigned) { // past the records, transaction markers and compacted gaps
                        reached.put(tp, consumer.position(tp));
                    }
                } while (polled > 0 && batch.size() + POLL <= BATCH && !readToTheEnd(assigned, reached));
                polls.put(new Poll(batch, Map.copyOf(reached), null));
            }
            polls.put(new Poll(null, Map.of(), null));
        } catch (InterruptedException | WakeupException stopped) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            polls.offer(new Poll(List.of(), Map.of(), e));
        }
    }

    /** Whether the reader has reached every partition's end offset taken at the start. */
    private boolean readToTheEnd(List<TopicPartition> assigned, Map<TopicPartition, Long> reached) {
        return assigned.stream().allMatch(tp -> reached.get(tp) >= partitions.get(tp)[2]);
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Per topic, sorted by name. */
    public List<TopicProgress> topics() {
        Map<String, long[]> byTopic = new LinkedHashMap<>();
        partitions.forEach((tp, p) -> {
            long[] sum = byTopic.computeIfAbsent(tp.topic(), t -> new long[2]);
            sum[0] += p[1] - p[0];
            sum[1] += p[2] - p[0];
        });
        List<TopicProgress> topics = new ArrayList<>();
        byTopic.forEach((topic, sum) -> topics.add(new TopicProgress(topic, sum[0], sum[1])));
        topics.sort((a, b) -> a.topic().compareTo(b.topic()));
        return List.copyOf(topics);
    }

    public Counts counts() {
        List<TopicProgress> topics = topics();
        return new Counts(topics.stream().mapToLong(TopicProgress::read).sum(),
                topics.stream().mapToLong(TopicProgress::total).sum(), applied, duplicates, skipped, later, failed);
    }

    /** The first problems met (at most 50): records skipped, failed or never ready. */
    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /** Records a problem the caller met around the pass. */
    public void problem(String text) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(text);
        }
    }

    private boolean caughtUp() {
        return partitions.values().stream().allMatch(progress -> progress[1] >= progress[2]);
    }

    /**
     * The record decoded, or {@code null} when it is counted as undecodable or after {@code until}. Its envelope is
     * read from its headers as {@code Envelope.fromHeaders} reads {@link InboundRecord#of}'s ({@link EnvelopeHeaders},
     * without the map of their strings); the record kept holds no header: only its event and envelope are handled.
     */
    private Decoded decode(ConsumerRecord<String, byte[]> consumed) {
        InboundRecord record = new InboundRecord(consumed.topic(), consumed.partition(), consumed.offset(),
                consumed.key(), Map.of(), consumed.value());
        DomainEvent event;
        Envelope envelope;
        try {
            envelope = EnvelopeHeaders.envelope(consumed.headers(), sources, types);
            event = codec.decode(envelope.type(), record.value());
        } catch (UndecodableEventException e) { // also a type this build does not know
            skipped++;
            problem("skipped " + record.topic() + "/" + record.partition() + "@" + record.offset() + ": "
                    + e.getMessage());
            return null;
        }
        if (until != null && event.occurredAt().isAfter(until)) {
            later++;
            return null;
        }
        return new Decoded(record, event, envelope, seen == null ? null : IdSet.uuid(envelope.id()));
    }

    /**
     * Applies one batch's records in a single transaction: the dedupe rows of the whole batch in one statement, then
     * each first delivery handled by its read model, in order. Records whose key already waits are queued behind it.
     * If anything in the batch is not ready ({@link NotYet}) or fails, the transaction is rolled back and the batch is
     * applied again record by record, each in its own transaction, exactly as one record at a time would be.
     */
    private void applyAll(List<Decoded> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Pending> toApply = new ArrayList<>();
        List<Map.Entry<String, Pending>> toQueue = new ArrayList<>();
        Set<String> queuedHere = new HashSet<>();
        for (Decoded decoded : batch) {
            for (Pending pending : pendings(decoded)) {
                String key = waiting.isEmpty() && queuedHere.isEmpty() ? null : pending.key(); // none waits: none to ask
                if (key != null && (waiting.containsKey(key) || queuedHere.contains(key))) {
                    queuedHere.add(key);
                    toQueue.add(Map.entry(key, pending));
                } else {
                    toApply.add(pending);
                }
            }
        }
        List<Pending> firsts = new ArrayList<>(toApply.size());
        if (seen != null) {
            seen.values().forEach(IdSet::begin);
        }
        try {
            transactions.executeWithoutResult(status -> {
                firsts.clear();
                if (schema != null) {
                    jdbc.execute("set local search_path to " + schema);
                }
                if (seen != null) {
                    firsts.addAll(firstDeliveries(toApply));
                } else {
                    Set<String> inserted = insertDedupeRows(toApply);
                    for (Pending pending : toApply) {
                        if (inserted.remove(pending.model.name() + "|" + pending.envelope.id())) { // its first delivery
                            firsts.add(pending);
                        }
                    }
                }
                for (Pending pending : firsts) {
                    pending.model.handle(pending.event, pending.envelope);
                }
            });
        } catch (RuntimeException notYetOrFailure) {
            if (seen != null) { // rolled back: none of them counts as applied
                seen.values().forEach(IdSet::undo);
            }
            batch.forEach(this::route);
            return;
        }
        if (seen != null) { // committed: now they count as applied
            seen.values().forEach(IdSet::keep);
        }
        applied += firsts.size();
        duplicates += toApply.size() - firsts.size();
        toQueue.forEach(entry -> waiting.computeIfAbsent(entry.getKey(), k -> new ArrayDeque<>())
                .add(entry.getValue()));
    }

    /**
     * In memory: the records whose event the read model has not applied yet, each event's first in the batch — added
     * to the read model's set as they are found (one look-up each), and taken out again if the batch's transaction
     * rolls back ({@link IdSet#begin}, {@link IdSet#undo}).
     */
    private List<Pending> firstDeliveries(List<Pending> pendings) {
        List<Pending> firsts = new ArrayList<>(pendings.size());
        for (Pending pending : pendings) {
            if (seen.get(pending.model).add(pending.envelope.id(), pending.uuid)) {
                firsts.add(pending);
            }
        }
        return firsts;
    }

    /**
     * The dedupe rows of a whole batch in one statement; returns {@code consumer|event_id} of the rows it inserted (a
     * record delivered twice in the batch is inserted once, with the first delivery's position).
     */
    private Set<String> insertDedupeRows(List<Pending> pendings) {
        List<DedupeRows.Row> rows = pendings.stream().map(pending -> new DedupeRows.Row(pending.model.name(),
                pending.envelope.id(), pending.record.topic(), pending.record.partition(), pending.record.offset()))
                .toList();
        return jdbc.execute((ConnectionCallback<Set<String>>) connection -> DedupeRows.insert(connection, rows));
    }

    /** One record for every read model reading its topic. */
    private List<Pending> pendings(Decoded decoded) {
        List<ReadModel> readers = readersOf.getOrDefault(decoded.record.topic(), List.of());
        List<Pending> pendings = new ArrayList<>(readers.size());
        for (ReadModel model : readers) {
            pendings.add(new Pending(model, decoded.record, decoded.event, decoded.envelope, decoded.uuid));
        }
        return pendings;
    }

    /** One record on its own: applied now, or queued behind its key's waiting records. */
    private void route(Decoded decoded) {
        for (Pending pending : pendings(decoded)) {
            Deque<Pending> queue = waiting.get(pending.key());
            if (queue != null) {
                queue.add(pending);
            } else if (!tryApply(pending)) {
                waiting.computeIfAbsent(pending.key(), k -> new ArrayDeque<>()).add(pending);
            }
        }
    }

    /** Applies the heads of the waiting queues until none moves. */
    private void retryWaiting() {
        boolean moved = true;
        while (moved && !waiting.isEmpty()) {
            moved = false;
            for (Iterator<Deque<Pending>> queues = waiting.values().iterator(); queues.hasNext(); ) {
                Deque<Pending> queue = queues.next();
                while (!queue.isEmpty() && tryApply(queue.peek())) {
                    queue.poll();
                    moved = true;
                }
                if (queue.isEmpty()) {
                    queues.remove();
                }
            }
        }
    }

    /** {@code false} if the record is not ready yet; any other failure is tried again, then counted. */
    private boolean tryApply(Pending pending) {
        if (seen != null && seen.get(pending.model).contains(pending.envelope.id(), pending.uuid)) {
            duplicates++;
            return true;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                Boolean first = transactions.execute(status -> {
                    if (schema != null) {
                        jdbc.execute("set local search_path to " + schema);
                    }
                    if (seen == null && jdbc.update(DEDUPE, pending.model.name(), pending.envelope.id(),
                            pending.record.topic(), pending.record.partition(), pending.record.offset()) == 0) {
                        return false;
                    }
                    pending.model.handle(pending.event, pending.envelope);
                    return true;
                });
                if (seen != null) {
                    seen.get(pending.model).add(pending.envelope.id(), pending.uuid);
                }
                if (Boolean.TRUE.equals(first)) {
                    applied++;
                } else {
                    duplicates++;
                }
                return true;
            } catch (NotYet notYet) {
                pending.reason = notYet.getMessage();
                return false;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    failed++;
                    problem(pending.model.name() + " could not apply " + pending.envelope.type() + " "
                            + pending.envelope.id() + ": " + e);
                    return true;
                }
            }
        }
    }

    /** One batch's records, decoded, and every partition's position after it; no batch: the end; or the failure. */
    private record Poll(List<Decoded> batch, Map<TopicPartition, Long> positions, RuntimeException failure) {
    }

    /** A record as read and decoded. */
    private record Decoded(InboundRecord record, DomainEvent event, Envelope envelope, long[] uuid) {
    }

    /** A record waiting for one read model. */
    private static final class Pending {
        final ReadModel model;
        final InboundRecord record;
        final DomainEvent event;
        final Envelope envelope;
        /** The event id as {@link IdSet#uuid} reads it, read once by the reader (when deduplicated in memory). */
        final long[] uuid;
        String reason;

        Pending(ReadModel model, InboundRecord record, DomainEvent event, Envelope envelope, long[] uuid) {
            this.model = model;
            this.record = record;
            this.event = event;
            this.envelope = envelope;
            this.uuid = uuid;
        }

        /** What it waits behind: the read model and the record's key. */
        String key() {
            return model.name() + "|" + record.key();
        }
    }
}
