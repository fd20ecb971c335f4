package io.accessledger.spine.replay;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.codec.UndecodableEventException;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.spine.commands.Refused;
import io.accessledger.spine.inbound.InboundRecord;
import io.accessledger.spine.inbound.NotYet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds a service's read models from the topics alone, into a fresh schema beside the live tables, while the live
 * ones keep serving. Each {@link ReadModel}'s tables are created empty in {@code rebuild_<id>} (same columns,
 * constraints and indexes), every record of its topics is read from the beginning up to the end offsets taken at
 * the start (read-only: no consumer group, nothing committed), deduplicated on {@code ce_id} as the live consumers
 * are, and applied by the same read-model code inside a transaction whose {@code search_path} is the fresh schema.
 * Records that are not ready ({@link NotYet}) wait behind their key and are tried again as the rebuild goes on.
 * Only read models are run: no command, no call to an outside system, no notification is ever repeated.
 *
 * <p>At the end each table is compared with its live twin (every column as text, except columns filled by a
 * sequence or the clock), row by row; the comparison is exact when nothing was published during the rebuild.
 * The fresh schema is kept for inspection until it is dropped.
 */
public class ReadModelRebuilds implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuilds.class);
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private static final int ATTEMPTS = 3;

    public enum State { RUNNING, DONE, FAILED }

    /** How far one topic is read. */
    public record TopicProgress(String topic, long read, long total) {
    }

    /** One table, live against rebuilt: rows only on one side (as a multiset), and the columns left out. */
    public record TableComparison(String table, long liveRows, long rebuiltRows, long onlyLive, long onlyRebuilt,
            List<String> ignoredColumns) {
        public boolean equal() {
            return onlyLive == 0 && onlyRebuilt == 0;
        }
    }

    /** A rebuild as an operator sees it. */
    public record Rebuild(String id, String schema, State state, Instant startedAt, Instant finishedAt,
            List<String> readModels, long read, long total, long applied, long duplicates, long skipped, long failed,
            double eventsPerSecond, Duration eta, List<TopicProgress> topics, List<String> problems,
            List<TableComparison> comparison) {
        public boolean equal() {
            return state == State.DONE && failed == 0 && comparison.stream().allMatch(TableComparison::equal);
        }
    }

    private final String service;
    private final List<ReadModel> readModels;
    private final Map<String, Object> consumerConfig;
    private final EventCodec codec;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "read-model-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    public ReadModelRebuilds(String service, List<ReadModel> readModels, Map<String, Object> consumerConfig,
            EventCodec codec, JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.service = service;
        this.readModels = List.copyOf(readModels);
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.codec = codec;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        for (ReadModel model : readModels) {
            model.tables().forEach(ReadModelRebuilds::requirePlainName);
        }
    }

    /** Starts a rebuild of every read model of this service; one at a time per instance. */
    public synchronized Rebuild start() {
        if (runs.values().stream().anyMatch(run -> run.state == State.RUNNING)) {
            throw Refused.conflict("oneRebuildAtATime", "A rebuild of " + service + "'s read models is running");
        }
        Instant now = clock.instant();
        String id = ID.format(now).toLowerCase() + "_" + sequence.incrementAndGet();
        Run run = new Run(id, "rebuild_" + id, now);
        runs.put(id, run);
        executor.submit(() -> run.execute());
        return run.view();
    }

    public Optional<Rebuild> find(String id) {
        return Optional.ofNullable(runs.get(id)).map(Run::view);
    }

    public List<Rebuild> all() {
        return runs.values().stream().map(Run::view).sorted((a, b) -> a.startedAt().compareTo(b.startedAt())).toList();
    }

    /** Drops a finished rebuild's schema; {@code false} if there is no such rebuild. */
    public synchronized boolean drop(String id) {
        Run run = runs.get(id);
        if (run == null) {
            return false;
        }
        if (run.state == State.RUNNING) {
            throw Refused.conflict("rebuildStillRunning", "Rebuild " + id + " is still running");
        }
        jdbc.execute("drop schema if exists " + run.schema + " cascade");
        runs.remove(id);
        return true;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    private static String requirePlainName(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain table name: " + name);
        }
        return name;
    }

    /** One rebuild's work and progress; its fields are written by the rebuild thread and read by anyone. */
    private final class Run {
        final String id;
        final String schema;
        final Instant startedAt;
        volatile State state = State.RUNNING;
        volatile Instant finishedAt;
        volatile long applied;
        volatile long duplicates;
        volatile long skipped;
        volatile long failed;
        final Map<TopicPartition, long[]> partitions = new ConcurrentHashMap<>(); // {start, read-up-to, end}
        final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile List<TableComparison> comparison = List.of();
        /** Records not ready yet, per read model and key, in arrival order. */
        final Map<String, Deque<Pending>> waiting = new LinkedHashMap<>();

        Run(String id, String schema, Instant startedAt) {
            this.id = id;
            this.schema = schema;
            this.startedAt = startedAt;
        }

        void execute() {
            try {
                createSchema();
                replay();
                comparison = compare();
                state = State.DONE;
                log.info("Rebuild {} of {}'s read models done: {} applied, {} duplicates, {} skipped, {} failed; {}",
                        id, service, applied, duplicates, skipped, failed, comparison.stream().allMatch(
                                TableComparison::equal) ? "every table equals its live twin" : "tables differ: "
                                + comparison.stream().filter(c -> !c.equal()).map(TableComparison::table).toList());
            } catch (Exception e) {
                state = State.FAILED;
                problem("rebuild failed: " + e);
                log.error("Rebuild {} of {}'s read models failed", id, service, e);
            } finally {
                finishedAt = clock.instant();
            }
        }

        void createSchema() {
            String live = jdbc.queryForObject("select current_schema()", String.class);
            jdbc.execute("create schema " + schema);
            Set<String> tables = new LinkedHashSet<>();
            readModels.forEach(model -> tables.addAll(model.tables()));
            tables.add("inbound_dedupe");
            for (String table : tables) {
                jdbc.execute("create table " + schema + "." + table + " (like " + live + "." + table + " including all)");
            }
        }

        void replay() {
            Map<String, Object> config = new HashMap<>(consumerConfig);
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1_000);
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, service + "-rebuild-" + id);
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
                while (!caughtUp()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new IllegalStateException("stopped with the service");
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                        long[] progress = partitions.get(tp);
                        if (record.offset() < progress[2]) {
                            apply(InboundRecord.of(record));
                        }
                        progress[1] = Math.min(progress[2], record.offset() + 1);
                    }
                    for (TopicPartition tp : assigned) { // transaction markers and compacted gaps advance positions
                        long[] progress = partitions.get(tp);
                        progress[1] = Math.max(progress[1], Math.min(progress[2], consumer.position(tp)));
                    }
                    retryWaiting();
                }
            }
            retryWaiting();
            waiting.forEach((key, queue) -> {
                failed += queue.size();
                problem(queue.size() + " record(s) of " + key + " never became ready: " + queue.peek().reason);
            });
        }

        boolean caughtUp() {
            return partitions.values().stream().allMatch(progress -> progress[1] >= progress[2]);
        }

        void apply(InboundRecord record) {
            DomainEvent event;
            Envelope envelope;
            try {
                envelope = Envelope.fromHeaders(record::header);
                event = codec.decode(envelope.type(), record.value());
            } catch (UndecodableEventException e) { // also a type this build does not know
                skipped++;
                problem("skipped " + record.topic() + "/" + record.partition() + "@" + record.offset() + ": "
                        + e.getMessage());
                return;
            }
            Topic topic = Topic.byName(record.topic());
            for (ReadModel model : readModels) {
                if (!model.topics().contains(topic)) {
                    continue;
                }
                Pending pending = new Pending(model, record, event, envelope);
                String key = model.name() + "|" + record.key();
                Deque<Pending> queue = waiting.get(key);
                if (queue != null) {
                    queue.add(pending);
                } else if (!tryApply(pending)) {
                    waiting.computeIfAbsent(key, k -> new ArrayDeque<>()).add(pending);
                }
            }
        }

        /** Applies the heads of the waiting queues until none moves. */
        void retryWaiting() {
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
        boolean tryApply(Pending pending) {
            for (int attempt = 1; ; attempt++) {
                try {
                    Boolean first = transactions.execute(status -> {
                        jdbc.execute("set local search_path to " + schema);
                        int inserted = jdbc.update("insert into inbound_dedupe (consumer, event_id, topic,"
                                + " kafka_partition, kafka_offset) values (?, ?, ?, ?, ?) on conflict do nothing",
                                pending.model.name(), pending.envelope.id(), pending.record.topic(),
                                pending.record.partition(), pending.record.offset());
                        if (inserted == 0) {
                            return false;
                        }
                        pending.model.handle(pending.event, pending.envelope);
                        return true;
                    });
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

        List<TableComparison> compare() {
            String live = jdbc.queryForObject("select current_schema()", String.class);
            List<TableComparison> result = new ArrayList<>();
            Set<String> tables = new LinkedHashSet<>();
            readModels.forEach(model -> tables.addAll(model.tables()));
            for (String table : tables) {
                List<String> columns = new ArrayList<>();
                List<String> ignored = new ArrayList<>();
                jdbc.query("select column_name, coalesce(column_default, '') from information_schema.columns"
                        + " where table_schema = ? and table_name = ? order by ordinal_position", row -> {
                            String name = row.getString(1);
                            String fallback = row.getString(2).toLowerCase();
                            if (fallback.startsWith("nextval(") || fallback.contains("now()")
                                    || fallback.contains("current_timestamp")) {
                                ignored.add(name);
                            } else {
                                columns.add("\"" + name + "\"::text");
                            }
                        }, live, table);
                String select = "select " + String.join(", ", columns) + " from ";
                long onlyLive = count("select count(*) from (" + select + live + "." + table + " except all "
                        + select + schema + "." + table + ") d");
                long onlyRebuilt = count("select count(*) from (" + select + schema + "." + table + " except all "
                        + select + live + "." + table + ") d");
                result.add(new TableComparison(table, count("select count(*) from " + live + "." + table),
                        count("select count(*) from " + schema + "." + table), onlyLive, onlyRebuilt,
                        List.copyOf(ignored)));
            }
            return List.copyOf(result);
        }

        long count(String sql) {
            Long count = jdbc.queryForObject(sql, Long.class);
            return count == null ? 0 : count;
        }

        void problem(String text) {
            if (problems.size() < 50) {
                problems.add(text);
            }
        }

        Rebuild view() {
            List<TopicProgress> topics = new ArrayList<>();
            Map<String, long[]> byTopic = new LinkedHashMap<>();
            partitions.forEach((tp, p) -> {
                long[] sum = byTopic.computeIfAbsent(tp.topic(), t -> new long[2]);
                sum[0] += p[1] - p[0];
                sum[1] += p[2] - p[0];
            });
            byTopic.forEach((topic, sum) -> topics.add(new TopicProgress(topic, sum[0], sum[1])));
            topics.sort((a, b) -> a.topic().compareTo(b.topic()));
            long read = topics.stream().mapToLong(TopicProgress::read).sum();
            long total = topics.stream().mapToLong(TopicProgress::total).sum();
            Instant until = finishedAt != null ? finishedAt : clock.instant();
            double seconds = Math.max(0.001, Duration.between(startedAt, until).toMillis() / 1000.0);
            double rate = read / seconds;
            Duration eta = state != State.RUNNING ? Duration.ZERO
                    : rate > 0 ? Duration.ofSeconds((long) Math.ceil((total - read) / rate)) : null;
            return new Rebuild(id, schema, state, startedAt, finishedAt, readModels.stream().map(ReadModel::name)
                    .toList(), read, total, applied, duplicates, skipped, failed, Math.round(rate * 10) / 10.0, eta,
                    List.copyOf(topics), List.copyOf(problems), comparison);
        }
    }

    /** A record waiting for one read model. */
    private static final class Pending {
        final ReadModel model;
        final InboundRecord record;
        final DomainEvent event;
        final Envelope envelope;
        String reason;

        Pending(ReadModel model, InboundRecord record, DomainEvent event, Envelope envelope) {
            this.model = model;
            this.record = record;
            this.event = event;
            this.envelope = envelope;
        }
    }
}
