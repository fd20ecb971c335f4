package io.accessledger.deploy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the suite burns with no request in flight (docs/BENCHMARKS.md, "End-to-end", "Idle cost"): over a quiet
 * window, the CPU of the JVM (the five services, the broker, the SCIM test server) and of PostgreSQL ({@link RunCpu}),
 * the JVM's split by thread (ThreadMXBean; threads of the same name in the five services counted together, digits
 * folded to {@code #}; what no Java thread accounts for is the JVM's own: GC, JIT compilers), PostgreSQL's
 * transactions by database and the row reads/writes by table, and the in-JVM broker's requests by type.
 */
final class IdleCost {
    /** The counts kept per table ({@link #tableRows}). */
    private static final int TABLE_COUNTS = 7;
    private final RunCpu cpu;
    private final String serverUrl;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    IdleCost(RunCpu cpu, String anyDatabaseUrl) {
        this.cpu = cpu;
        this.serverUrl = anyDatabaseUrl;
    }

    /** Everything counted, at one instant. */
    final class Snapshot {
        final long nanos = System.nanoTime();
        final double[] process;
        final Map<Long, Long> threadCpu = new HashMap<>();
        final Map<Long, String> threadNames = new HashMap<>();
        /** CPU ticks of the JVM's threads that are not Java threads (GC, JIT compilers, VM), by native name. */
        final Map<String, Long> nativeTicks = new HashMap<>();
        final Map<String, Long> transactions;
        final Map<String, Long> tableRows;
        final Map<String, Long> brokerRequests;
        /**
         * Statements by {@code database|statement text} ({@code pg_stat_statements}): calls, rows returned or
         * written, shared buffers touched (hit + read: the pages a statement went through, which follow the rows it
         * read, not the rows it returned); empty without the extension.
         */
        final Map<String, long[]> statements;

        Snapshot() throws Exception {
            process = cpu.now();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long used = threads.getThreadCpuTime(info.getThreadId());
                if (used >= 0) {
                    threadCpu.put(info.getThreadId(), used);
                    threadNames.put(info.getThreadId(), info.getThreadName());
                }
            }
            java.util.Set<String> javaNames = new java.util.HashSet<>();
            threadNames.values().forEach(name -> javaNames.add(name.length() > 15 ? name.substring(0, 15) : name));
            try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (javaNames.contains(name)) {
                            continue;
                        }
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        nativeTicks.merge(name.replaceAll("\\d+", "#"),
                                Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                    } catch (IOException | RuntimeException gone) {
                        // a thread that ended while we looked
                    }
                }
            }
            transactions = transactions();
            tableRows = tableRows(transactions.keySet());
            brokerRequests = brokerRequests();
            statements = statements();
        }
    }

    Snapshot snapshot() throws Exception {
        return new Snapshot();
    }

    /**
     * How a window's counts are shown: CPU divided by {@code cpuDivisor} (the window's minutes, or the requests it
     * served), multiplied by {@code cpuScale} and named {@code cpuUnit}; other counts divided by {@code countDivisor}
     * and headed "number{@code countPer}".
     */
    record Per(String cpuUnit, double cpuDivisor, double cpuScale, String countPer, double countDivisor) {
        /** The idle report's units: core-seconds per minute, counts per second. */
        static Per idle(double seconds) {
            return new Per("core-seconds per minute", seconds / 60, 1, "/s", seconds);
        }

        /** A loaded window's units: core-milliseconds and counts per request served. */
        static Per request(long requests) {
            return new Per("core-milliseconds per request", Math.max(1, requests), 1000, " per request",
                    Math.max(1, requests));
        }

        double cpu(double coreSeconds) {
            return coreSeconds * cpuScale / cpuDivisor;
        }

        double count(double count) {
            return count / countDivisor;
        }
    }

    /** The idle report of a window between two snapshots (markdown): CPU per minute, counts per second. */
    String report(Snapshot before, Snapshot after) throws IOException {
        double seconds = (after.nanos - before.nanos) / 1e9;
        return String.format(Locale.ROOT, "Idle window: %.1f s, no request in flight. Load average at the end: %s%n%n",
                seconds, Files.readString(Path.of("/proc/loadavg")).trim()) + report(before, after, Per.idle(seconds));
    }

    /** The report of a window between two snapshots (markdown), its counts shown {@code per}. */
    String report(Snapshot before, Snapshot after, Per per) {
        double seconds = (after.nanos - before.nanos) / 1e9;
        double jvm = after.process[0] - before.process[0];
        double postgres = after.process[1] - before.process[1];
        double busy = after.process[2] - before.process[2];
        double total = after.process[3] - before.process[3];
        String cpuPer = per.cpuUnit();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "| process | core-seconds | %s | share of a core |%n"
                + "| --- | ---: | ---: | ---: |%n", cpuPer));
        out.append(row("the JVM (five services, broker, SCIM server)", jvm, per, seconds));
        out.append(row("PostgreSQL (all backends)", postgres, per, seconds));
        out.append(row("**the suite**", jvm + postgres, per, seconds));
        double compiling = compilerSeconds(before, after);
        out.append(row("the suite without the JIT compiler threads (start-up's tail, not a steady cost)",
                jvm + postgres - compiling, per, seconds));
        out.append(row("other processes on the machine", Math.max(0, busy - jvm - postgres), per, seconds));
        out.append(String.format(Locale.ROOT, "%nThe machine: %.1f of %.1f core-seconds busy.%n%n", busy, total));

        // the JVM by thread
        Map<String, double[]> byName = new TreeMap<>();
        double javaThreads = 0;
        for (Map.Entry<Long, Long> thread : after.threadCpu.entrySet()) {
            long from = before.threadCpu.getOrDefault(thread.getKey(), 0L);
            double used = (thread.getValue() - from) / 1e9;
            javaThreads += used;
            String name = after.threadNames.get(thread.getKey()).replaceAll("\\d+", "#");
            double[] sum = byName.computeIfAbsent(name, n -> new double[2]);
            sum[0] += used;
            sum[1]++;
        }
        List<Map.Entry<String, double[]>> sorted = new ArrayList<>(byName.entrySet());
        sorted.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
        out.append("| JVM threads (name, digits as #) | threads | " + cpuPer + " | share of the JVM |\n"
                + "| --- | ---: | ---: | ---: |\n");
        double shown = 0;
        for (Map.Entry<String, double[]> group : sorted.subList(0, Math.min(25, sorted.size()))) {
            shown += group.getValue()[0];
            out.append(String.format(Locale.ROOT, "| `%s` | %.0f | %.2f | %.1f %% |%n", group.getKey(),
                    group.getValue()[1], per.cpu(group.getValue()[0]), 100 * group.getValue()[0] / Math.max(0.001, jvm)));
        }
        out.append(String.format(Locale.ROOT, "| the other Java threads (%d names) | | %.2f | %.1f %% |%n",
                Math.max(0, sorted.size() - 25), per.cpu(javaThreads - shown),
                100 * (javaThreads - shown) / Math.max(0.001, jvm)));
        out.append(String.format(Locale.ROOT, "| no Java thread (GC, JIT compilers, VM) | | %.2f | %.1f %% |%n%n",
                per.cpu(jvm - javaThreads), 100 * (jvm - javaThreads) / Math.max(0.001, jvm)));
        out.append("Of which, by native thread name (`/proc/self/task`, digits as #): ");
        after.nativeTicks.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - before.nativeTicks.getOrDefault(e.getKey(), 0L)) / 100.0))
                .filter(e -> e.getValue() >= 0.05).sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.append(String.format(Locale.ROOT, "`%s` %.2f, ", e.getKey(), per.cpu(e.getValue()))));
        out.append(cpuPer).append(".\n\n");

        // PostgreSQL
        long allTransactions = 0;
        StringBuilder databases = new StringBuilder();
        for (Map.Entry<String, Long> database : after.transactions.entrySet()) {
            long done = database.getValue() - before.transactions.getOrDefault(database.getKey(), 0L);
            allTransactions += done;
            if (done > 0) {
                databases.append(String.format(Locale.ROOT, "%s %.1f, ", database.getKey(), per.count(done)));
            }
        }
        out.append(String.format(Locale.ROOT, "PostgreSQL: **%.1f transactions%s** (%s).%n%n",
                per.count(allTransactions), per.countPer(),
                databases.length() == 0 ? "none" : databases.substring(0, databases.length() - 2)));
        if (!after.statements.isEmpty()) {
            Map<String, long[]> counted = new HashMap<>();
            after.statements.forEach((key, value) -> {
                long[] from = before.statements.getOrDefault(key, new long[3]);
                counted.put(key, new long[] {value[0] - from[0], value[1] - from[1], value[2] - from[2]});
            });
            Map<String, Long> done = new HashMap<>();
            counted.forEach((key, value) -> done.put(key, value[0]));
            long allStatements = done.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Long> byDatabase = new TreeMap<>();
            done.forEach((key, calls) -> byDatabase.merge(key.substring(0, key.indexOf('|')), calls, Long::sum));
            StringBuilder split = new StringBuilder();
            byDatabase.forEach((database, calls) -> {
                if (calls > 0) {
                    split.append(String.format(Locale.ROOT, "%s %.1f, ", database, per.count(calls)));
                }
            });
            out.append(String.format(Locale.ROOT, "PostgreSQL: **%.1f statements%s** (`pg_stat_statements`, utility"
                    + " statements such as `BEGIN` included; %s). The most frequent:%n%n", per.count(allStatements), per.countPer(),
                    split.length() == 0 ? "none" : split.substring(0, split.length() - 2)));
            out.append(statementTable(counted, Comparator.comparingLong(value -> value[0]), per));
            out.append(String.format(Locale.ROOT, "The statements that touched the most shared buffers (the pages they went"
                    + " through, so the rows they read, which a statement reading many rows to return few does not"
                    + " show among the most frequent):%n%n"));
            out.append(statementTable(counted, Comparator.comparingLong(value -> value[2]), per));
        }
        out.append("| database.table | scans" + per.countPer() + " | rows read" + per.countPer()
                + " | rows written" + per.countPer() + " | sequential scans | rows read by them | index scans"
                + " | rows fetched by them |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        Map<String, double[]> tables = new TreeMap<>();
        after.tableRows.forEach((key, value) -> {
            long done = value - before.tableRows.getOrDefault(key, 0L);
            int at = key.lastIndexOf('#');
            double[] sums = tables.computeIfAbsent(key.substring(0, at), k -> new double[TABLE_COUNTS]);
            sums[Integer.parseInt(key.substring(at + 1))] += per.count(done);
        });
        double shownAt = per.count(0.05 * seconds); // 0.05 a second
        tables.entrySet().stream().filter(e -> e.getValue()[0] + e.getValue()[2] > shownAt)
                .sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                        e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3],
                        e.getValue()[4], e.getValue()[5], e.getValue()[6])));

        // the broker
        out.append("\n| broker requests (in-JVM broker), by type | number" + per.countPer() + " |\n| --- | ---: |\n");
        after.brokerRequests.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.brokerRequests.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.append(String.format(Locale.ROOT, "| %s | %.2f |%n", e.getKey(),
                        per.count(e.getValue()))));
        return out.toString();
    }

    /**
     * The twenty statements first in {@code order} (descending), per request or second: calls, rows per call (returned
     * or written) and shared buffers per call (hit + read).
     */
    private static String statementTable(Map<String, long[]> counted, Comparator<long[]> order, Per per) {
        StringBuilder out = new StringBuilder("| database | statement (normalised, first 110 characters) | number"
                + per.countPer() + " | rows per call | buffers per call | buffers" + per.countPer()
                + " |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
        counted.entrySet().stream().filter(e -> e.getValue()[0] > 0)
                .sorted(Map.Entry.<String, long[]>comparingByValue(order).reversed()).limit(20)
                .forEach(e -> {
                    String text = e.getKey().substring(e.getKey().indexOf('|') + 1);
                    text = (text.length() > 110 ? text.substring(0, 110) + "…" : text).replace("|", "\\|")
                            .replace("`", "'");
                    long[] value = e.getValue();
                    out.append(String.format(Locale.ROOT, "| %s | `%s` | %.2f | %.1f | %.1f | %.1f |%n",
                            e.getKey().substring(0, e.getKey().indexOf('|')), text, per.count(value[0]),
                            value[1] / (double) value[0], value[2] / (double) value[0], per.count(value[2])));
                });
        return out.append("\n").toString();
    }

    /** CPU of the JIT compiler threads ({@code C1/C2 CompilerThre…}) between the two snapshots. */
    private static double compilerSeconds(Snapshot before, Snapshot after) {
        double ticks = 0;
        for (Map.Entry<String, Long> thread : after.nativeTicks.entrySet()) {
            if (thread.getKey().contains("CompilerThre")) {
                ticks += thread.getValue() - before.nativeTicks.getOrDefault(thread.getKey(), 0L);
            }
        }
        return ticks / 100.0;
    }

    private static String row(String what, double coreSeconds, Per per, double seconds) {
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.1f %% |%n", what, coreSeconds, per.cpu(coreSeconds),
                100 * coreSeconds / seconds);
    }

    /** Transactions (committed and rolled back) by database. */
    private Map<String, Long> transactions() throws SQLException {
        Map<String, Long> byDatabase = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(serverUrl, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("select pg_stat_force_next_flush()");
            try (ResultSet rows = statement.executeQuery("select datname, xact_commit + xact_rollback"
                    + " from pg_stat_database where datname is not null")) {
                while (rows.next()) {
                    byDatabase.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return byDatabase;
    }

    /**
     * Statements executed by {@code database|text} (normalised: constants as {@code $n}), from {@code
     * pg_stat_statements} when the server loads it ({@code LocalPostgres.STATEMENT_STATS}); empty when it does not.
     */
    private Map<String, long[]> statements() {
        Map<String, long[]> calls = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(serverUrl, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("create extension if not exists pg_stat_statements");
            try (ResultSet rows = statement.executeQuery("select d.datname, s.query, s.calls, s.rows,"
                    + " s.shared_blks_hit + s.shared_blks_read from pg_stat_statements s"
                    + " join pg_database d on d.oid = s.dbid")) {
                while (rows.next()) {
                    String text = rows.getString(2).replaceAll("\\s+", " ").strip();
                    calls.merge(rows.getString(1).replaceAll("_\\d+$", "") + "|" + text,
                            new long[] {rows.getLong(3), rows.getLong(4), rows.getLong(5)},
                            (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
                }
            }
        } catch (SQLException notLoaded) {
            // the server does not load pg_stat_statements: no statement counts
        }
        return calls;
    }

    /**
     * For each table of each database: {@code db.table#0} scans, {@code #1} rows read, {@code #2} rows written,
     * {@code #3} sequential scans, {@code #4} rows they read, {@code #5} index scans, {@code #6} rows fetched by them.
     */
    private Map<String, Long> tableRows(Iterable<String> databases) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        for (String database : databases) {
            if (database.startsWith("template") || database.equals("postgres")) {
                continue;
            }
            String url = serverUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
            try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("select pg_stat_force_next_flush()");
                try (ResultSet rows = statement.executeQuery("select schemaname || '.' || relname,"
                        + " coalesce(seq_scan, 0) + coalesce(idx_scan, 0),"
                        + " coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0),"
                        + " n_tup_ins + n_tup_upd + n_tup_del, coalesce(seq_scan, 0), coalesce(seq_tup_read, 0),"
                        + " coalesce(idx_scan, 0), coalesce(idx_tup_fetch, 0) from pg_stat_user_tables")) {
                    String service = database.replaceAll("_\\d+$", "");
                    while (rows.next()) {
                        String table = service + "." + rows.getString(1).replaceFirst("^public\\.", "");
                        for (int i = 0; i < TABLE_COUNTS; i++) {
                            counts.merge(table + "#" + i, rows.getLong(i + 2), Long::sum);
                        }
                    }
                }
            } catch (SQLException gone) {
                // a database dropped meanwhile
            }
        }
        return counts;
    }

    /** The in-JVM broker's request counts by type. */
    private static Map<String, Long> brokerRequests() throws javax.management.JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Long> counts = new TreeMap<>();
        for (ObjectName name : server.queryNames(new ObjectName(
                "kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
            counts.merge(name.getKeyProperty("request"), ((Number) server.getAttribute(name, "Count")).longValue(),
                    Long::sum);
        }
        return counts;
    }
}
