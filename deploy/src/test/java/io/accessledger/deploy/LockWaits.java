package io.accessledger.deploy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Where a window's PostgreSQL transactions waited for each other's row locks (docs/BENCHMARKS.md, "End-to-end",
 * "Eleventh round"): {@code pg_locks} sampled every {@link #EVERY_MS} ms for the backends waiting on a lock, by the
 * statement they wait in; the deadlocks PostgreSQL broke; and the consumers' polls handled record by record after the
 * whole poll's try failed (a deadlock is one way). The sampler holds one connection in one transaction, so it adds no
 * transaction to the window's counts ({@code pg_locks} is read live; the activity's snapshot is cleared per sample), and
 * its statements are not tracked by {@code pg_stat_statements}; its own PostgreSQL time is in the window's.
 */
final class LockWaits implements AutoCloseable {
    static final int EVERY_MS = 10;

    private final Suite suite;
    private final Connection connection;
    private final Map<String, Integer> waiting = new TreeMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sampler;
    private final long deadlocksBefore;
    private final double byRecordBefore;
    private final double wholeBefore;
    private int samples;

    LockWaits(Suite suite, String anyDatabaseUrl) throws SQLException {
        this.suite = suite;
        this.connection = DriverManager.getConnection(anyDatabaseUrl, "postgres", "");
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // its own samples are not the suite's statements (a superuser's setting, per session)
            statement.execute("set pg_stat_statements.track = 'none'");
        }
        deadlocksBefore = deadlocks();
        byRecordBefore = polls("record_by_record");
        wholeBefore = polls("whole");
        sampler = new Thread(this::sample, "bench-lock-waits");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        try (Statement statement = connection.createStatement()) {
            while (running.get()) {
                statement.execute("select pg_stat_clear_snapshot()");
                try (ResultSet rows = statement.executeQuery("""
                        select regexp_replace(a.datname, '_[0-9]+$', '') || ': '
                            || left(regexp_replace(a.query, '\\s+', ' ', 'g'), 70)
                        from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted""")) {
                    while (rows.next()) {
                        synchronized (waiting) {
                            waiting.merge(rows.getString(1), 1, Integer::sum);
                        }
                    }
                }
                synchronized (waiting) {
                    samples++;
                }
                Thread.sleep(EVERY_MS);
            }
        } catch (SQLException | InterruptedException e) {
            System.out.println("bench: lock-wait sampling stopped: " + e);
        }
    }

    private long deadlocks() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rows = statement.executeQuery("select sum(deadlocks) from pg_stat_database")) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The consumers' polls of one outcome ({@code accessledger.inbound.polls}), all five services. */
    private double polls(String outcome) {
        double sum = 0;
        for (Suite.Service service : Suite.Service.values()) {
            sum += suite.bean(service, MeterRegistry.class).find("accessledger.inbound.polls").tag("outcome", outcome)
                    .counters().stream().mapToDouble(Counter::count).sum();
        }
        return sum;
    }

    /** Stops sampling; the window's line for the report, its counts per request. */
    String report(long requests) throws Exception {
        running.set(false);
        sampler.join();
        connection.rollback();
        long deadlocks = deadlocks() - deadlocksBefore;
        double byRecord = polls("record_by_record") - byRecordBefore;
        double whole = polls("whole") - wholeBefore;
        double perRequest = Math.max(1, requests);
        int total = waiting.values().stream().mapToInt(Integer::intValue).sum();
        String by = waiting.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(8).map(e -> String.format(Locale.ROOT, "%s… %.2f", e.getKey(), e.getValue() / perRequest))
                .collect(Collectors.joining("; "));
        return String.format(Locale.ROOT, "Lock waits in phase 1 (pg_locks sampled every %d ms, %,d samples): %.2f"
                + " waiting backends sampled per request (about %.1f ms of waiting per request)%s; %d deadlocks;"
                + " consumers' polls %,.0f applied whole, %,.0f handled record by record after the whole poll"
                + " failed.", EVERY_MS, samples, total / perRequest, total * (double) EVERY_MS / perRequest,
                by.isEmpty() ? "" : ", by statement: " + by, deadlocks, whole, byRecord);
    }

    @Override
    public void close() throws SQLException {
        running.set(false);
        connection.close();
    }
}
