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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each actor of the replay is doing, sampled every {@value #PERIOD_MS} ms (docs/BENCHMARKS.md, "Audit replay",
 * eleventh round): the reader thread and the applying thread of this JVM by their state and the top of their stacks
 * ({@link ThreadMXBean}: running, or waiting, and on what — the handoff queue, a fetch, the socket to PostgreSQL), and
 * every backend of the store's PostgreSQL by {@code pg_stat_activity} (active on the CPU, or its {@code wait_event}:
 * {@code ClientRead} is PostgreSQL waiting for the client). Each sample counts in the phase the command's lines say the
 * replay is in (reading and loading, then the keys, indexes and statistics). The samples of PostgreSQL cost its
 * server a query each (a fraction of a millisecond), the thread samples a stack walk of two threads.
 */
final class ReplayTimeline implements AutoCloseable {
    static final int PERIOD_MS = 5;
    private static final String READER = "accessledger-audit-replay-reader";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long applier;
    private final String port;
    private final Thread sampler;
    private volatile String phase;
    /** Per phase, per actor, per what it did: samples. */
    private final Map<String, Map<String, Map<String, Integer>>> counts = new LinkedHashMap<>();
    private final Map<String, Integer> samples = new LinkedHashMap<>();
    /** The {@code stat} files of the applying thread ("main") and the reader, once found. */
    private final Map<String, Path> tasks = new HashMap<>();
    private volatile boolean stopped;

    /** Starts sampling now; {@code applier} is the thread running the command, {@code port} its PostgreSQL's. */
    ReplayTimeline(Thread applier, String port, String phase) {
        this.phase = phase;
        this.applier = applier.getId();
        this.port = port;
        this.sampler = new Thread(this::sample, "replay-timeline");
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    /** The phase the next samples count in. */
    void phase(String name) {
        phase = name;
    }

    private void sample() {
        try (Connection connection = port == null ? null : DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/audit", "postgres", "");
                Statement statement = connection == null ? null : connection.createStatement()) {
            long next = System.nanoTime();
            Long reader = null;
            while (!stopped) {
                String now = phase;
                if (reader == null && now.equals("load")) { // started by the replay after its first line
                    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
                        if (info != null && info.getThreadName().equals(READER)) {
                            reader = info.getThreadId();
                        }
                    }
                }
                Map<String, String> seen = new HashMap<>();
                long[] ids = reader == null ? new long[] {applier} : new long[] {applier, reader};
                Map<String, Character> kernel = kernelStates();
                for (ThreadInfo info : threads.getThreadInfo(ids, 40)) {
                    if (info != null) {
                        Character state = kernel.get(info.getThreadName());
                        seen.put(info.getThreadId() == applier ? "applying thread" : "reader", what(info)
                                + (state == null ? "" : " [" + state + "]"));
                    }
                }
                if (statement != null) {
                    int backend = 0;
                    try (ResultSet row = statement.executeQuery("select backend_type, state, wait_event_type,"
                            + " wait_event, left(ltrim(query), 12), pid from pg_stat_activity where datname = 'audit'"
                            + " and pid <> pg_backend_pid() and state is distinct from 'idle' order by pid")) {
                        while (row.next()) {
                            String type = row.getString(1).equals("client backend") ? "backend " + ++backend
                                    : row.getString(1);
                            String wait = row.getString(4) == null ? "on CPU" : row.getString(3) + ":"
                                    + row.getString(4);
                            String state = kernelState(Path.of("/proc", row.getString(6), "stat"));
                            seen.put("PostgreSQL " + type, row.getString(2) + ", " + wait + " ("
                                    + row.getString(5).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ") + ")"
                                    + (state == null ? "" : " [" + state + "]"));
                        }
                    }
                }
                synchronized (this) {
                    samples.merge(now, 1, Integer::sum);
                    Map<String, Map<String, Integer>> phaseCounts = counts.computeIfAbsent(now,
                            p -> new TreeMap<>());
                    seen.forEach((actor, doing) -> phaseCounts.computeIfAbsent(actor, a -> new HashMap<>())
                            .merge(doing, 1, Integer::sum));
                }
                next += PERIOD_MS * 1_000_000L;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } else {
                    next = System.nanoTime();
                }
            }
        } catch (SQLException | InterruptedException | RuntimeException e) {
            System.err.println("replay timeline: sampling stopped: " + e);
        }
    }

    /**
     * The kernel's state of this JVM's threads by name ({@code R}: on a CPU or waiting for one, {@code S}: asleep,
     * blocked in a system call): a thread Java calls runnable may be blocked in a socket's write or read.
     */
    private Map<String, Character> kernelStates() {
        if (!tasks.containsKey(READER)) { // found once: listing every thread's stat each time costs a core's tenth
            try (var all = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) all::iterator) {
                    try {
                        String text = Files.readString(task.resolve("stat"));
                        String name = text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
                        boolean primordial = task.getFileName().toString().equals(Long.toString(ProcessHandle
                                .current().pid()));
                        if (name.equals("java") && !primordial) { // Java's main thread: "java" to the kernel
                            tasks.put("main", task.resolve("stat"));
                        } else if (READER.startsWith(name)) {
                            tasks.put(READER, task.resolve("stat"));
                        }
                    } catch (IOException | RuntimeException gone) {
                        // ended
                    }
                }
            } catch (IOException | RuntimeException notLinux) {
                return Map.of();
            }
        }
        Map<String, Character> states = new HashMap<>();
        tasks.forEach((name, stat) -> {
            String state = kernelState(stat);
            if (state != null) {
                states.put(name, state.charAt(0));
            }
        });
        return states;
    }

    /** The state letter of a {@code /proc/<pid>/stat}, or null. */
    private static String kernelState(Path stat) {
        try {
            String text = Files.readString(stat);
            return String.valueOf(text.charAt(text.lastIndexOf(')') + 2));
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    /**
     * A thread's state and the frame that says what it waits on: the handoff queue, Kafka's network poll, the socket
     * to PostgreSQL (reads: waiting for PostgreSQL; writes: PostgreSQL not taking the bytes), or running, by the
     * innermost frame of the replay's own code, Kafka's, Jackson's or the driver's.
     */
    static String what(ThreadInfo info) {
        StackTraceElement[] stack = info.getStackTrace();
        for (StackTraceElement frame : stack) {
            String at = frame.getClassName() + "." + frame.getMethodName();
            if (at.startsWith("java.util.concurrent.ArrayBlockingQueue.put")) {
                return "waits: handoff queue full (put)";
            }
            if (at.startsWith("java.util.concurrent.ArrayBlockingQueue.take")) {
                return "waits: handoff queue empty (take)";
            }
            if (at.startsWith("org.apache.kafka.common.network.Selector.select")
                    || at.startsWith("sun.nio.ch.EPoll.wait")) {
                return "waits: Kafka network poll (fetch)";
            }
            if (at.startsWith("sun.nio.ch.Net.poll") || at.startsWith("sun.nio.ch.SocketDispatcher")) {
                boolean writing = false;
                for (StackTraceElement below : stack) {
                    String method = below.getMethodName();
                    if (below.getClassName().equals("sun.nio.ch.NioSocketImpl")) {
                        writing = method.contains("Write") || method.equals("write");
                        break;
                    }
                }
                return (writing ? "socket write (" : "waits: socket read (") + api(stack) + ")";
            }
            if (at.startsWith("java.util.concurrent") || at.startsWith("jdk.internal.misc.Unsafe.park")
                    || at.startsWith("java.lang.Object.wait") || at.startsWith("java.lang.Thread.sleep")
                    || at.startsWith("jdk.internal.misc") || at.startsWith("java.lang.invoke")) {
                continue;
            }
            if (info.getThreadState() != Thread.State.RUNNABLE) {
                return "waits: " + info.getThreadState() + " at " + at;
            }
            return "runs: " + caller(stack);
        }
        return info.getThreadState().toString();
    }

    /** For a wait on the socket to PostgreSQL: the driver's call that waits (commit, savepoint, copy's end …). */
    private static String api(StackTraceElement[] stack) {
        String executor = null;
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName();
            if (executor == null && name.startsWith("org.postgresql.core.v3.")) {
                executor = name.substring(name.lastIndexOf('.') + 1) + "." + frame.getMethodName();
            }
            if (name.startsWith("io.accessledger") || name.startsWith("org.springframework")) {
                return (executor == null ? "" : executor + " in ") + name.substring(name.lastIndexOf('.') + 1) + "."
                        + frame.getMethodName();
            }
        }
        return executor == null ? caller(stack) : executor;
    }

    /** The innermost frame of the replay's code, the driver, Kafka or Jackson, as package.Class.method. */
    private static String caller(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName();
            if (name.startsWith("io.accessledger") || name.startsWith("org.postgresql")
                    || name.startsWith("org.apache.kafka") || name.startsWith("com.fasterxml")) {
                String simple = name.substring(name.lastIndexOf('.') + 1);
                String area = name.startsWith("io.accessledger") ? "" : name.startsWith("org.postgresql")
                        ? "pgjdbc " : name.startsWith("org.apache.kafka") ? "kafka " : "jackson ";
                return area + simple + "." + frame.getMethodName();
            }
        }
        return stack.length == 0 ? "?" : stack[0].getClassName() + "." + stack[0].getMethodName();
    }

    @Override
    public void close() {
        stopped = true;
        try {
            sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Per phase, per actor: the share of samples of each thing it did, the largest first (at least 1 %). */
    synchronized String report() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%nWhat each actor did, sampled every %d ms (share of the phase's samples):%n", PERIOD_MS));
        counts.forEach((phaseName, actors) -> {
            int total = samples.get(phaseName);
            text.append(String.format(Locale.ROOT, "%n- %s (%,d samples):%n", phaseName, total));
            actors.forEach((actor, doing) -> {
                text.append("  - ").append(actor).append(": ");
                doing.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                        .filter(e -> 100.0 * e.getValue() / total >= 1)
                        .forEach(e -> text.append(String.format(Locale.ROOT, "%s %.0f %%; ", e.getKey(),
                                100.0 * e.getValue() / total)));
                text.append('\n');
            });
        });
        return text.toString();
    }
}
