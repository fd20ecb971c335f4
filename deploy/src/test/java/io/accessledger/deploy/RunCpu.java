package io.accessledger.deploy;

import io.accessledger.infra.LocalPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * The CPU a benchmark run used, from {@code /proc} (Linux): user + system time of this JVM (all five services, the
 * broker, the SCIM test server and the benchmark's clients) and of the JVM's shared PostgreSQL server (its postmaster,
 * the backends alive now, and through the postmaster's {@code cutime/cstime} the backends that already ended), and the
 * whole machine's busy time from {@code /proc/stat} (what other processes took beside the run shows there).
 */
final class RunCpu {
    /** Clock ticks per second of {@code /proc}'s times ({@code getconf CLK_TCK}: 100 on Linux). */
    private static final double HZ = 100.0;

    private final long postmaster;
    private final String url;

    private RunCpu(long postmaster, String url) {
        this.postmaster = postmaster;
        this.url = url;
    }

    /** For the JVM's shared PostgreSQL server ({@link LocalPostgres#freshDatabaseUrl}). */
    static RunCpu ofThisJvm() throws SQLException, IOException {
        String url = LocalPostgres.freshDatabaseUrl("bench_cpu");
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select pg_backend_pid()")) {
            row.next();
            return new RunCpu(Long.parseLong(fields(row.getLong(1))[1]), url);
        }
    }

    /** The JDBC URL of its own database on the server (user {@code postgres}). */
    String url() {
        return url;
    }

    /** Seconds of CPU so far: {jvm, postgresql, machine busy, machine total}. */
    double[] now() throws IOException {
        double jvm = times(ProcessHandle.current().pid(), false);
        double postgres = times(postmaster, true);
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) all::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String[] fields = fields(Long.parseLong(name));
                    if (Long.parseLong(fields[1]) == postmaster) {
                        postgres += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / HZ;
                    }
                } catch (IOException | RuntimeException gone) {
                    // a process that ended while we looked
                }
            }
        }
        double[] machine = machine();
        return new double[] {jvm, postgres, machine[0], machine[1]};
    }

    /** The whole machine's busy and total CPU seconds so far ({@code /proc/stat}). */
    static double[] machine() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
        for (int i = 1; i <= 8 && i < cpu.length; i++) {
            total += Long.parseLong(cpu[i]);
        }
        return new double[] {(total - idle) / HZ, total / HZ};
    }

    /**
     * Work done so far, which the machine's load does not change: {PostgreSQL transactions (committed and rolled back,
     * every database of the server), the broker's OffsetCommit requests, its Fetch requests} (the in-JVM broker's
     * request metrics).
     */
    long[] work() throws SQLException, javax.management.JMException {
        long transactions;
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("select pg_stat_force_next_flush()");
            try (ResultSet row = statement.executeQuery(
                    "select sum(xact_commit + xact_rollback) from pg_stat_database")) {
                row.next();
                transactions = row.getLong(1);
            }
        }
        return new long[] {transactions, requests("OffsetCommit"), requests("Fetch")};
    }

    private static long requests(String type) throws javax.management.JMException {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        long count = 0;
        for (javax.management.ObjectName name : server.queryNames(new javax.management.ObjectName(
                "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=" + type + ",*"), null)) {
            count += ((Number) server.getAttribute(name, "Count")).longValue();
        }
        return count;
    }

    /** A process's user + system seconds so far, with its ended children's ({@code cutime + cstime}) if asked. */
    static double times(long pid, boolean withEndedChildren) throws IOException {
        String[] fields = fields(pid);
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (withEndedChildren) {
            ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return ticks / HZ;
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name: [0] state, [1] ppid, [11] utime, [12] stime. */
    private static String[] fields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
