package io.accessledger.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accessledger.audit.command.AuditCommand;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.integrity.ChainHeaders;
import io.accessledger.infra.KraftBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The replay benchmark (docs/BENCHMARKS.md, "Replay"): a log of {@code -Dbench.events} events (default 1,000,000) in
 * the mix of a year of an organisation ({@link YearOfEvents}: real event types, from their golden samples with fresh
 * ids and times, encoded by the real codec with the outbox's CloudEvents and chain headers, zstd as the outbox
 * compresses) is written into a real local KRaft broker; then, on the same broker in the same run, the raw consumer
 * rate (a plain {@link KafkaConsumer} loop reading every record of the six business topics, nothing else) and
 * {@code accessledger-audit replay} over the same topics (the real command, its embedded PostgreSQL, its exports).
 * Not part of the test suite (not named {@code *Test}); run by {@code deploy/bench-replay.sh}. Writes
 * {@code target/bench-replay.md}.
 */
class ReplayBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant YEAR = Instant.parse("2026-01-01T00:00:00Z");
    private static final int PARTITIONS = 3;
    private static final Pattern RATE = Pattern.compile("replay: ([0-9,]+)/[0-9,]+ events .*?, ([0-9,]+) events/s");
    private static final Pattern INDEXES = Pattern.compile("replay: [0-9]+ indexes created in ([0-9.]+) s");
    private static final Pattern EXPORT = Pattern.compile("replay: export\\.\\w+ written in ([0-9.]+) s");
    private static final Pattern TOPICS_READ = Pattern.compile("replay: topics read and applied in ([0-9.]+) s");
    private static final Pattern ANSWERS = Pattern.compile("replay: answers written in ([0-9.]+) s");

    @Test
    void replayAgainstTheRawConsumerRate() throws Exception {
        long events = Long.getLong("bench.events", 1_000_000);
        String loadAtStart = loadAverage();
        try (KraftBroker broker = KraftBroker.onFreePorts().start()) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(Topic.eventTopics().stream()
                        .map(topic -> new NewTopic(topic.topicName(), PARTITIONS, (short) 1)).toList()).all().get();
            }
            long started = System.nanoTime();
            long bytes = produce(bootstrap, events);
            double produceSeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "bench: wrote %,d events (%,d value bytes) in %.1f s%n", events, bytes,
                    produceSeconds);

            started = System.nanoTime();
            long consumed = rawConsume(bootstrap);
            double rawSeconds = (System.nanoTime() - started) / 1e9;
            double raw = consumed / rawSeconds;
            System.out.printf(Locale.ROOT, "bench: raw consumer read %,d records in %.1f s: %,.0f records/s%n",
                    consumed, rawSeconds, raw);

            Path out = Files.createTempDirectory("bench-replay");
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            ReplayCpu cpu = new ReplayCpu(Thread.currentThread());
            PrintStream err = new PrintStream(new Tee(progress, System.err, cpu), true, StandardCharsets.UTF_8);
            PrintStream console = new PrintStream(new Tee(new ByteArrayOutputStream(), System.out, cpu), true,
                    StandardCharsets.UTF_8);
            started = System.nanoTime();
            int exit;
            double commandSeconds;
            try {
                exit = AuditCommand.run(new String[] {"replay", "--bootstrap-servers", bootstrap, "--out",
                        out.toString()}, console, err);
                commandSeconds = (System.nanoTime() - started) / 1e9;
            } finally {
                FaultRun.deleteTree(out); // the replay's output: ~7 GB at 10,000,000 events, never read afterwards
            }
            String lastRate = null;
            for (Matcher m = RATE.matcher(progress.toString(StandardCharsets.UTF_8)); m.find(); ) {
                lastRate = m.group(2);
            }
            if (exit != 0 || lastRate == null) {
                throw new IllegalStateException("the replay failed (exit " + exit + ")");
            }
            double replayRate = Double.parseDouble(lastRate.replace(",", ""));
            String printed = progress.toString(StandardCharsets.UTF_8);
            String report = String.format(Locale.ROOT, """
                    | events | raw consumer, records/s | replay, events/s | replay / raw | replay wall time | \
                    of which indexes | export | all answers | whole command | JVM CPU-s during the replay | \
                    PostgreSQL CPU-s | CPU µs per event | answers' CPU-s: JVM, PostgreSQL | \
                    load average (start, end) |
                    | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
                    | %,d | %,.0f | %,.0f | %.1f %% | %.1f s | %s | %s | %s | %.1f s | %s | %s | %s | %s | %s, %s |
                    """, events, raw, replayRate, 100 * replayRate / raw, events / replayRate,
                    seconds(INDEXES, printed), seconds(EXPORT, printed), seconds(ANSWERS, printed), commandSeconds,
                    cpu.jvmSeconds(), cpu.postgresSeconds(), cpu.microsPerEvent(events), cpu.answers(), loadAtStart,
                    loadAverage());
            report += cpu.threads() + "\n" + cpu.phases(printed) + cpu.timeline() + cpu.statements();
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/bench-replay.md"), report);
            System.out.println(report);
        }
    }

    /** Writes the log: {@code events} records drawn in the yearly mix, one golden sample per type, fresh values. */
    private long produce(String bootstrap, long events) throws IOException {
        Mix mix = new Mix();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            for (long i = 0; i < events; i++) {
                ProducerRecord<String, byte[]> record = mix.record(i, events);
                bytes += record.value().length;
                producer.send(record);
                if (i > 0 && i % 100_000 == 0) {
                    System.out.printf(Locale.ROOT, "bench: %,d events written%n", i);
                }
            }
        }
        return bytes;
    }

    /**
     * The benchmark's records: the {@code i}-th of a log of {@code events}, drawn in the yearly mix from one golden
     * sample per type with fresh values, with the outbox's CloudEvents and chain headers (also read by
     * {@link CodecReadBenchmark}).
     */
    static final class Mix {
        private final EventCodec codec = new EventCodec(EventCatalog.upcasters());
        private final List<ObjectNode> templates = new ArrayList<>();
        private final List<String> types = new ArrayList<>();
        private final List<Long> weights = new ArrayList<>();
        private final long yearly;

        Mix() throws IOException {
            long total = 0;
            for (YearOfEvents.Line line : YearOfEvents.LINES) {
                try (InputStream in = getClass().getClassLoader()
                        .getResourceAsStream("golden/" + line.ceType() + ".json")) {
                    templates.add((ObjectNode) JSON.readTree(in));
                }
                types.add(line.ceType());
                total += line.perYear();
                weights.add(total);
            }
            yearly = total;
        }

        ProducerRecord<String, byte[]> record(long i, long events) throws IOException {
            long draw = Math.floorMod(mix(i), yearly);
            int type = 0;
            while (weights.get(type) <= draw) {
                type++;
            }
            DomainEvent event = event(codec, types.get(type), templates.get(type), i, events);
            byte[] value = codec.encode(event);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventCatalog.of(event).topic()
                    .topicName(), event.subject(), value);
            Envelope.of(event, EventCatalog.of(event).topic().owner(), event.subject(),
                    new UUID(mix(i + 1), i).toString(), String.format("00-%016x%016x-%016x-01", mix(i), mix(~i),
                            mix(i * 31))).toHeaders()
                    .forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
            record.headers().add(ChainHeaders.INDEX, Long.toString(i).getBytes(StandardCharsets.UTF_8));
            record.headers().add(ChainHeaders.SEQ, Long.toString(i % 12).getBytes(StandardCharsets.UTF_8));
            record.headers().add(ChainHeaders.PREV, hash(i - 1));
            record.headers().add(ChainHeaders.HASH, hash(i));
            return record;
        }
    }

    /**
     * The golden sample of {@code ceType} with a unique event id and, so that records differ as much as real ones,
     * every other {@code …Id} drawn from a population of about one per ten events and every instant moved within the
     * year; a sample whose moved instants its type refuses keeps the golden instants.
     */
    private static DomainEvent event(EventCodec codec, String ceType, ObjectNode template, long i, long events)
            throws IOException {
        ObjectNode json = template.deepCopy();
        vary(json, i, Math.max(1, events / 10));
        try {
            return codec.decode(ceType, JSON.writeValueAsBytes(json));
        } catch (RuntimeException refused) {
            ObjectNode plain = template.deepCopy();
            plain.put("eventId", new UUID(0x5eedL, i).toString());
            return codec.decode(ceType, JSON.writeValueAsBytes(plain));
        }
    }

    private static void vary(ObjectNode json, long i, long population) {
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) json::fields) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                vary((ObjectNode) value, i, population);
            } else if (value.isTextual() && name.equals("eventId")) {
                json.put(name, new UUID(0x5eedL, i).toString());
            } else if (value.isTextual() && name.endsWith("Id") && !name.equals("resourceId")) {
                String text = value.asText();
                String prefix = text.replaceAll("[0-9a-f-]+$", "");
                json.put(name, prefix + Long.toHexString(Math.floorMod(mix(i + name.hashCode()), population)));
            } else if (value.isTextual() && name.endsWith("At")) {
                json.put(name, YEAR.plusSeconds(Math.floorMod(mix(i), 31_536_000L)).plusMillis(i % 1000).toString());
            }
        }
    }

    /** Every record of the six business topics, from the beginning to the end offsets, by a plain consumer. */
    private static long rawConsume(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
        long count = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic topic : Topic.eventTopics()) {
                for (int p = 0; p < PARTITIONS; p++) {
                    partitions.add(new TopicPartition(topic.topicName(), p));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long expected = ends.values().stream().mapToLong(Long::longValue).sum();
            while (count < expected) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(java.time.Duration.ofMillis(500))) {
                    count += record.value().length > 0 ? 1 : 0;
                }
            }
        }
        return count;
    }

    /** The seconds a line of the command states, or "–" when it did not print it. */
    private static String seconds(Pattern line, String printed) {
        Matcher m = line.matcher(printed);
        return m.find() ? m.group(1) + " s" : "–";
    }

    /** The machine's 1-minute load average (other work on the machine slows every figure). */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static byte[] hash(long i) {
        return String.format("%016x%016x%016x%016x", mix(i), mix(i + 1), mix(i + 2), mix(i + 3))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A fixed scrambling of {@code i} (SplitMix64): the same log on every run. */
    private static long mix(long i) {
        long z = i * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Copies what the command prints to the console and keeps it to read the final rate; each whole line is also
     * shown to {@code cpu}, which takes its samples on the lines that start and end the replay.
     */
    private static final class Tee extends OutputStream {
        private final OutputStream kept;
        private final OutputStream console;
        private final ReplayCpu cpu;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Tee(OutputStream kept, OutputStream console, ReplayCpu cpu) {
            this.kept = kept;
            this.console = console;
            this.cpu = cpu;
        }

        @Override
        public void write(int b) throws IOException {
            kept.write(b);
            console.write(b);
            if (b == '\n') {
                cpu.line(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }
    }

    /**
     * The CPU the replay itself used, from its first progress line to the line of its index build (as the earlier
     * rounds measured it by a script outside the repository): this JVM's (which also hosts the broker) and the
     * command's embedded PostgreSQL's — the postmaster found by the port the command prints, its own and its reaped
     * children's ticks, plus its live children's, all from {@code /proc/<pid>/stat}. Linux only; "–" elsewhere.
     */
    private static final class ReplayCpu {
        private static final Pattern PORT = Pattern.compile("into an embedded PostgreSQL \\(jdbc:postgresql://[^:/]+:"
                + "([0-9]+)/");
        private static final double TICKS = 100; // USER_HZ on Linux
        private String port;
        private double[] start;
        private double[] end;
        private double[] answered;
        /** The sample at the line that ends the load (before the keys, indexes and statistics), or null. */
        private double[] loaded;
        /** Per thread of this JVM ("tid name") and per PostgreSQL child ("pid"): {CPU-s first seen, last seen}. */
        private final Map<String, double[]> threadSeconds = new HashMap<>();
        private final Map<String, double[]> backendSeconds = new HashMap<>();
        /** As {@link #threadSeconds} and {@link #backendSeconds}: the seconds spent runnable, waiting for a CPU. */
        private final Map<String, double[]> threadQueued = new HashMap<>();
        private final Map<String, double[]> backendQueued = new HashMap<>();
        private boolean followed;
        /** The PostgreSQL children of {@link #backendSeconds} that are autovacuum workers. */
        private final Set<String> autovacuumWorkers = new HashSet<>();
        private final Thread command;
        private ReplayTimeline timeline;

        /** {@code command}: the thread that runs the command (and so applies the replay's polls). */
        ReplayCpu(Thread command) {
            this.command = command;
        }

        synchronized void line(String text) { // the progress thread and the command's both print
            Matcher m = PORT.matcher(text);
            if (TOPICS_READ.matcher(text).find() && start != null && end == null) {
                loaded = sample(); // the CPU of the load apart from that of the builds after it
                if (timeline != null) {
                    timeline.phase("after the load: keys, indexes, statistics");
                }
            }
            if (m.find()) {
                port = m.group(1);
            } else if (start == null && RATE.matcher(text).find()) {
                if (!Boolean.getBoolean("bench.no-timeline")) {
                    timeline = new ReplayTimeline(command, port, "load");
                }
                start = sample();
                follow(); // from here to the end, on every line (the progress: every second), so that a thread that
                          // ends before the replay does (its reader) is counted too
            } else if (start != null && end == null && INDEXES.matcher(text).find()) {
                follow();
                end = sample();
                if (timeline != null) {
                    timeline.close();
                }
                statements = readStatements(); // after the window's last sample: its own connection is not counted
            } else if (start != null && end == null) {
                follow();
            } else if (end != null && answered == null && text.startsWith("wrote ")) {
                answered = sample(); // the command prints what it wrote once every answer is written
            }
        }

        /**
         * The CPU of the answers (the export, joiners-movers-leavers and any other file), from the index line to the
         * first "wrote" line: "JVM, PostgreSQL" CPU-s.
         */
        String answers() {
            return end == null || answered == null || end[1] < 0 ? "–" : String.format(Locale.ROOT, "%.1f, %.1f",
                    answered[0] - end[0], answered[1] - end[1]);
        }

        /**
         * Which of the replay's actors bounds its wall time: the CPU-s of this JVM's threads during the replay (from
         * its first progress line to its index line), by thread name with digits folded ({@code GC Thread#n}), the
         * busiest first, and the busiest PostgreSQL backend's (the one the replay writes through). Each next to the
         * window's wall seconds: a thread near them is the bound.
         */
        String threads() {
            if (end == null || threadSeconds.isEmpty()) {
                return "";
            }
            Map<String, Double> spent = new HashMap<>();
            threadSeconds.forEach((name, seconds) -> spent.merge(
                    name.substring(name.indexOf(' ') + 1).replaceAll("[0-9]+", "n"), seconds[1] - seconds[0],
                    Double::sum));
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "\nCPU-s by thread during the replay (%.1f s of wall): ", (endNanos - startNanos) / 1e9));
            backendSeconds.values().stream().mapToDouble(seconds -> seconds[1] - seconds[0]).max().ifPresent(
                    busiest -> text.append(String.format(Locale.ROOT, "PostgreSQL's busiest backend %.1f; ", busiest)));
            spent.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> text.append(String.format(Locale.ROOT, "%s %.1f; ", e.getKey(), e.getValue())));
            Map<String, Double> queued = new HashMap<>();
            threadQueued.forEach((name, seconds) -> queued.merge(
                    name.substring(name.indexOf(' ') + 1).replaceAll("[0-9]+", "n"), seconds[1] - seconds[0],
                    Double::sum));
            text.append(String.format(Locale.ROOT, "%nSeconds runnable but waiting for a CPU (run queue,"
                    + " /proc/<tid>/schedstat) during the replay: all of PostgreSQL's backends %.1f, the busiest %.1f; ",
                    backendQueued.values().stream().mapToDouble(seconds -> seconds[1] - seconds[0]).sum(),
                    backendQueued.values().stream().mapToDouble(seconds -> seconds[1] - seconds[0]).max().orElse(0)));
            queued.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> text.append(String.format(Locale.ROOT, "%s %.1f; ", e.getKey(), e.getValue())));
            return text.toString();
        }

        /**
         * The replay's wall time by phase, from the command's lines: reading the topics and applying them, then
         * the keys, the secondary indexes and the statistics after the load.
         */
        String phases(String printed) {
            Matcher split = Pattern.compile("indexes created in [0-9.]+ s \\(([^;]+);").matcher(printed);
            String cpu = loaded == null || start == null || end == null || start[1] < 0 ? "" : String.format(
                    Locale.ROOT, "CPU-s of the load: JVM %.1f, PostgreSQL %.1f; after it: JVM %.1f, PostgreSQL %.1f%n",
                    loaded[0] - start[0], loaded[1] - start[1], end[0] - loaded[0], end[1] - loaded[1]);
            return String.format(Locale.ROOT, "%nWall time by phase: topics read and applied %s; after the load %s"
                    + " (%s)%n", seconds(TOPICS_READ, printed), seconds(INDEXES, printed),
                    split.find() ? split.group(1) : "–") + cpu;
        }

        /** What {@link ReplayTimeline} sampled ("" without it: {@code -Dbench.no-timeline=true}). */
        String timeline() {
            return timeline == null ? "" : timeline.report();
        }

        String jvmSeconds() {
            return start == null || end == null ? "–" : String.format(Locale.ROOT, "%.1f", end[0] - start[0]);
        }

        String postgresSeconds() {
            return start == null || end == null || start[1] < 0 ? "–"
                    : String.format(Locale.ROOT, "%.1f", end[1] - start[1]);
        }

        String microsPerEvent(long events) {
            return start == null || end == null || start[1] < 0 ? "–" : String.format(Locale.ROOT, "%.1f",
                    1e6 * (end[0] - start[0] + end[1] - start[1]) / events);
        }

        private long startNanos;
        private long endNanos;
        private String statements = "";

        /** What {@link #readStatements} read at the replay's index line ("" before it). */
        String statements() {
            return statements;
        }

        /**
         * What the replay asked of its PostgreSQL, read at its index line (before the answers): how many sessions
         * (backends) its database had, and, when the server counts statements
         * ({@code -Daccessledger.postgres.statement-stats=true}), the statements that took the most time, by text.
         */
        private String readStatements() {
            if (port == null) {
                return "";
            }
            StringBuilder text = new StringBuilder();
            try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/audit",
                    "postgres", ""); Statement statement = connection.createStatement()) {
                try (ResultSet row = statement.executeQuery("select sessions, xact_commit, xact_rollback"
                        + " from pg_stat_database where datname = current_database()")) {
                    row.next();
                    text.append(String.format(Locale.ROOT, "%nPostgreSQL during the replay: %,d sessions, %,d commits,"
                            + " %,d rollbacks%n", row.getLong(1), row.getLong(2), row.getLong(3)));
                }
                try (ResultSet row = statement.executeQuery("select coalesce(string_agg(relname || ' '"
                        + " || autovacuum_count || ' and ' || autoanalyze_count, ', ' order by relname), 'none')"
                        + " from pg_stat_all_tables where autovacuum_count + autoanalyze_count > 0")) {
                    row.next();
                    text.append(String.format(Locale.ROOT, "Autovacuum's passes (vacuumed and analysed) by table: %s;"
                            + " its workers' CPU-s seen alive during the replay: %.1f%n", row.getString(1),
                            autovacuumSeconds()));
                }
                boolean counted;
                try (ResultSet row = statement.executeQuery(
                        "select count(*) from pg_extension where extname = 'pg_stat_statements'")) {
                    row.next();
                    counted = row.getLong(1) > 0;
                }
                if (!counted && Boolean.getBoolean("accessledger.postgres.statement-stats")) {
                    statement.execute("create extension pg_stat_statements");
                    counted = true; // the library, loaded at the server's start, counted them all: the view reads them
                }
                if (counted) {
                    text.append("\n| calls | rows | ms | statement |\n| ---: | ---: | ---: | --- |\n");
                    try (ResultSet row = statement.executeQuery("select calls, rows, total_exec_time,"
                            + " regexp_replace(left(query, 120), '\\s+', ' ', 'g') from pg_stat_statements"
                            + " order by total_exec_time desc limit 15")) {
                        while (row.next()) {
                            text.append(String.format(Locale.ROOT, "| %,d | %,d | %,.0f | `%s` |%n", row.getLong(1),
                                    row.getLong(2), row.getDouble(3), row.getString(4).replace("|", "\\|")));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                text.append("\n(PostgreSQL's statistics not read: ").append(e.getMessage()).append(")\n");
            }
            return text.toString();
        }

        /**
         * The CPU-s of the autovacuum workers {@link #follow} saw alive during the replay (a worker born and gone
         * between two progress lines is not seen: its CPU is only in PostgreSQL's total, as its reaped child's).
         */
        private double autovacuumSeconds() {
            return autovacuumWorkers.stream().map(backendSeconds::get).mapToDouble(seconds -> seconds[1] - seconds[0])
                    .sum();
        }

        /** The second field of a task's {@code schedstat}: nanoseconds spent on a run queue, as seconds. */
        private static double runQueue(Path task) throws IOException {
            return Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[1]) / 1e9;
        }

        /**
         * Per thread of {@code pid} ("tid name"), its CPU-s so far, or with {@code queued} its seconds runnable but
         * waiting for a CPU.
         */
        private static Map<String, Double> threads(long pid, boolean queued) {
            Map<String, Double> threads = new HashMap<>();
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        String text = Files.readString(task.resolve("stat"));
                        String name = text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
                        String[] stat = text.substring(text.lastIndexOf(')') + 2).split(" ");
                        threads.put(task.getFileName() + " " + name, queued ? runQueue(task)
                                : ticks(stat, false) / TICKS);
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended
                    }
                }
            } catch (IOException | RuntimeException notLinux) {
                return null;
            }
            return threads;
        }

        /**
         * Notes the CPU-s of every thread of this JVM and of every live child of the postmaster now: the first value
         * seen and the last (a thread or a backend born during the replay starts from zero).
         */
        private void follow() {
            boolean first = !followed;
            followed = true;
            Map<String, Double> now = threads(ProcessHandle.current().pid(), false);
            if (now != null) {
                now.forEach((name, seconds) -> threadSeconds.computeIfAbsent(name,
                        n -> new double[] {first ? seconds : 0, 0})[1] = seconds);
            }
            Map<String, Double> waits = threads(ProcessHandle.current().pid(), true);
            if (waits != null) {
                waits.forEach((name, seconds) -> threadQueued.computeIfAbsent(name,
                        n -> new double[] {first ? seconds : 0, 0})[1] = seconds);
            }
            try {
                long postmaster = postmaster();
                try (var processes = Files.list(Path.of("/proc"))) {
                    for (Path process : (Iterable<Path>) processes::iterator) {
                        String name = process.getFileName().toString();
                        if (postmaster >= 0 && name.chars().allMatch(Character::isDigit)) {
                            String[] stat = stat(Long.parseLong(name));
                            if (stat != null && stat[1].equals(Long.toString(postmaster))) {
                                double seconds = ticks(stat, false) / TICKS;
                                if (!backendSeconds.containsKey(name) && Files.readString(process.resolve("cmdline"))
                                        .startsWith("postgres: autovacuum worker")) {
                                    autovacuumWorkers.add(name);
                                }
                                backendSeconds.computeIfAbsent(name,
                                        n -> new double[] {first ? seconds : 0, 0})[1] = seconds;
                                double queued = runQueue(Path.of("/proc", name, "task", name));
                                backendQueued.computeIfAbsent(name,
                                        n -> new double[] {first ? queued : 0, 0})[1] = queued;
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no PostgreSQL figure
            }
        }

        /** {JVM CPU-s, PostgreSQL CPU-s (-1 when not found)}. */
        private double[] sample() {
            if (start == null) {
                startNanos = System.nanoTime();
            } else if (end == null) {
                endNanos = System.nanoTime();
            }
            try {
                double jvm = ticks(stat(ProcessHandle.current().pid()), false) / TICKS;
                long postmaster = postmaster();
                if (postmaster < 0) {
                    return new double[] {jvm, -1};
                }
                double postgres = ticks(stat(postmaster), true);
                try (var processes = Files.list(Path.of("/proc"))) {
                    for (Path process : (Iterable<Path>) processes::iterator) {
                        String name = process.getFileName().toString();
                        if (name.chars().allMatch(Character::isDigit)) {
                            String[] stat = stat(Long.parseLong(name));
                            if (stat != null && stat[1].equals(Long.toString(postmaster))) {
                                postgres += ticks(stat, false);
                            }
                        }
                    }
                }
                return new double[] {jvm, postgres / TICKS};
            } catch (IOException | RuntimeException e) {
                return new double[] {Double.NaN, -1};
            }
        }

        /** The process whose command line is a {@code postgres} with {@code -p <port>}, or -1. */
        private long postmaster() throws IOException {
            if (port == null) {
                return -1;
            }
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path process : (Iterable<Path>) processes::iterator) {
                    try {
                        String[] args = Files.readString(process.resolve("cmdline")).split("\0");
                        if (args.length > 0 && args[0].endsWith("/postgres")) {
                            for (int i = 0; i + 1 < args.length; i++) {
                                if (args[i].equals("-p") && args[i + 1].equals(port)) {
                                    return Long.parseLong(process.getFileName().toString());
                                }
                            }
                        }
                    } catch (IOException | RuntimeException notAProcess) {
                        // gone, or not a process directory
                    }
                }
            }
            return -1;
        }

        /** The fields after the command name of {@code /proc/<pid>/stat} (index 1 the parent), or null. */
        private static String[] stat(long pid) {
            try {
                String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                return text.substring(text.lastIndexOf(')') + 2).split(" ");
            } catch (IOException | RuntimeException gone) {
                return null;
            }
        }

        /** utime + stime, and the reaped children's cutime + cstime when asked (fields 14 to 17 of stat). */
        private static double ticks(String[] stat, boolean children) {
            if (stat == null) {
                return 0;
            }
            double ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
            return children ? ticks + Long.parseLong(stat[13]) + Long.parseLong(stat[14]) : ticks;
        }
    }
}
