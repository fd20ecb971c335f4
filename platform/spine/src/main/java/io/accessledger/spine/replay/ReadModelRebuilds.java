package io.accessledger.spine.replay;

import io.accessledger.events.codec.EventCodec;
import io.accessledger.spine.commands.Refused;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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

    public enum State { RUNNING, DONE, FAILED }

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
            double eventsPerSecond, Duration eta, List<TopicReplay.TopicProgress> topics, List<String> problems,
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
        final TopicReplay replay;
        volatile State state = State.RUNNING;
        volatile Instant finishedAt;
        volatile List<TableComparison> comparison = List.of();

        Run(String id, String schema, Instant startedAt) {
            this.id = id;
            this.schema = schema;
            this.startedAt = startedAt;
            this.replay = new TopicReplay(readModels, consumerConfig, codec, jdbc, transactions, schema, null);
        }

        void execute() {
            try {
                createSchema();
                replay.run(service + "-rebuild-" + id);
                comparison = compare();
                state = State.DONE;
                TopicReplay.Counts counts = replay.counts();
                log.info("Rebuild {} of {}'s read models done: {} applied, {} duplicates, {} skipped, {} failed; {}",
                        id, service, counts.applied(), counts.duplicates(), counts.skipped(), counts.failed(),
                        comparison.stream().allMatch(TableComparison::equal) ? "every table equals its live twin"
                                : "tables differ: " + comparison.stream().filter(c -> !c.equal())
                                        .map(TableComparison::table).toList());
            } catch (Exception e) {
                state = State.FAILED;
                replay.problem("rebuild failed: " + e);
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

        Rebuild view() {
            TopicReplay.Counts counts = replay.counts();
            Instant until = finishedAt != null ? finishedAt : clock.instant();
            double seconds = Math.max(0.001, Duration.between(startedAt, until).toMillis() / 1000.0);
            double rate = counts.read() / seconds;
            Duration eta = state != State.RUNNING ? Duration.ZERO
                    : rate > 0 ? Duration.ofSeconds((long) Math.ceil((counts.total() - counts.read()) / rate)) : null;
            return new Rebuild(id, schema, state, startedAt, finishedAt, readModels.stream().map(ReadModel::name)
                    .toList(), counts.read(), counts.total(), counts.applied(), counts.duplicates(), counts.skipped(),
                    counts.failed(), Math.round(rate * 10) / 10.0, eta, replay.topics(), replay.problems(),
                    comparison);
        }
    }
}
