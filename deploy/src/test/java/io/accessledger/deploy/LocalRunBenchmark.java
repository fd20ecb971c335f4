package io.accessledger.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.deploy.faults.InvariantChecker;
import io.accessledger.deploy.faults.LoggedRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end benchmark as {@code deploy/run-local.sh} runs the suite (docs/BENCHMARKS.md, "End-to-end in five
 * JVMs"), run by {@code deploy/bench-local.sh}; not part of the test suite (not named {@code *Test}). Through
 * {@link FaultRun}: a KRaft broker and PostgreSQL (durable: it flushes at every commit) as processes, the five
 * services from their exec jars as five JVMs ({@code -Xmx384m} and the JIT flags of {@code -Dfaults.serviceJvmFlags},
 * by default the local run's {@code -XX:TieredStopAtLevel=1}), the SCIM test server in this JVM as the automated
 * target, and in-profile LOW requests (auto-approved, provisioned on SCIM), one per freshly imported person, offered
 * at {@code -Dlocal.rate} requests/s. After {@code -Dlocal.warmup} seconds of that load, a window of
 * {@code -Dlocal.seconds} seconds is measured ({@link LocalRunFigures}): requests accepted and provisioned in it, the
 * backlog at its end, submit→provisioned p50/p95/p99 of the requests accepted in it, and each process's CPU in it
 * (from {@code /proc}, PostgreSQL's backends included) per provisioned request. Then the load stops and every
 * accepted request must reach its end. Writes {@code target/bench-local.md}.
 */
class LocalRunBenchmark {
    private static final Set<String> SERVICES = Set.of("request-service", "policy-service", "approval-service",
            "provisioning-service", "review-scheduler");
    private static final Set<String> SUITE = Set.of("request-service", "policy-service", "approval-service",
            "provisioning-service", "review-scheduler", "kafka", "postgres", "postgres-launcher");

    @Test
    void provisionedRequestsPerSecondLatenciesAndCpuPerRequestInFiveJvms() throws Exception {
        double rate = Double.parseDouble(System.getProperty("local.rate", "5"));
        int seconds = Integer.getInteger("local.seconds", 120);
        int warmup = Integer.getInteger("local.warmup", 60);
        Path dir = Path.of("target/bench-local");
        FaultRun.deleteTree(dir);
        int people = (int) Math.ceil(rate * (warmup + seconds) * 1.2) + 20;
        FaultRun.Settings settings = new FaultRun.Settings(dir, rate, Duration.ofSeconds(seconds),
                Duration.ofSeconds(60), 0.5, Duration.ofSeconds(600));
        try (FaultRun run = new FaultRun(settings).start(people)) {
            String loadAtReady = FaultRun.loadAverage();
            run.load(true);
            Thread.sleep(warmup * 1000L);
            Map<String, Long> pids = run.processIds();
            Map<String, Double> cpuBefore = cpu(pids);
            Map<String, Double> jitBefore = compilers(pids);
            double[] machineBefore = RunCpu.machine();
            String loadAtStart = FaultRun.loadAverage();
            long from = System.currentTimeMillis();
            Thread.sleep(seconds * 1000L);
            long to = System.currentTimeMillis();
            Map<String, Double> cpuAfter = cpu(pids);
            Map<String, Double> jitAfter = compilers(pids);
            double[] machineAfter = RunCpu.machine();
            String loadAtEnd = FaultRun.loadAverage();
            run.load(false);
            run.settle();
            Map<String, Double> used = new LinkedHashMap<>();
            cpuAfter.forEach((name, after) -> used.put(name, after - cpuBefore.get(name)));
            double jit = jitAfter.entrySet().stream().mapToDouble(e -> e.getValue() - jitBefore.get(e.getKey()))
                    .sum();
            List<LoggedRecord> log = run.logged();
            Map<String, Long> provisionedAt = provisionedAt(log);
            LocalRunFigures figures = LocalRunFigures.of(run.acceptedAt(), provisionedAt, from, to, used);
            String table = table(figures, rate, warmup, loadAtReady, loadAtStart, loadAtEnd,
                    machineAfter[0] - machineBefore[0], machineAfter[1] - machineBefore[1], jit);
            Files.writeString(Path.of("target/bench-local.md"), table);
            System.out.println(table);
            assertThat(figures.provisioned()).as("requests provisioned in the window").isPositive();
            assertThat(run.acceptedAt().keySet()).as("every accepted request provisioned once the load stopped")
                    .allMatch(provisionedAt::containsKey);
        }
    }

    /** Each request's time of {@code AccessProvisioned} on the log (the first, should one come twice). */
    private static Map<String, Long> provisionedAt(List<LoggedRecord> log) {
        Map<String, List<String>> ends = InvariantChecker.terminalStates(log);
        Map<String, Long> at = new LinkedHashMap<>(InvariantChecker.terminalAt(log));
        at.keySet().removeIf(request -> !ends.getOrDefault(request, List.of()).contains("AccessProvisioned"));
        return at;
    }

    /** CPU seconds so far of each process and its descendants (live ones, and through their parents the ended). */
    private static Map<String, Double> cpu(Map<String, Long> pids) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            double sum = withChildren(pid);
            for (ProcessHandle child : ProcessHandle.of(pid).map(ProcessHandle::descendants).orElse(Stream.empty())
                    .toList()) {
                sum += withChildren(child.pid());
            }
            seconds.put(name, sum);
        });
        seconds.put("harness (this JVM: clients, SCIM target, log watcher)",
                withChildren(ProcessHandle.current().pid()));
        return seconds;
    }

    /** CPU seconds so far of each service's JIT compiler threads ({@code C1 CompilerThre…}, {@code C2 …}). */
    private static Map<String, Double> compilers(Map<String, Long> pids) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            if (!SERVICES.contains(name)) {
                return;
            }
            double sum = 0;
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (comm.matches("C[12] CompilerThre.*")) {
                            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            sum += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                        }
                    } catch (java.io.IOException | RuntimeException gone) {
                        // a thread that ended while we looked
                    }
                }
            } catch (java.io.IOException gone) {
                // the process ended
            }
            seconds.put(name, sum);
        });
        return seconds;
    }

    /** {@link RunCpu#times} with the ended children; 0 for a process that is gone. */
    private static double withChildren(long pid) {
        try {
            return RunCpu.times(pid, true);
        } catch (java.io.IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static String table(LocalRunFigures figures, double rate, int warmup, String loadAtReady,
            String loadAtStart, String loadAtEnd, double machineBusy, double machineTotal, double jit) {
        double suite = figures.cpuSeconds().entrySet().stream().filter(e -> SUITE.contains(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum();
        double harness = figures.cpuSeconds().entrySet().stream().filter(e -> e.getKey().startsWith("harness"))
                .mapToDouble(Map.Entry::getValue).sum();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, """
                Five JVMs as deploy/run-local.sh runs them (-Xmx384m %s), a KRaft broker and PostgreSQL (flushing at \
                every commit) as processes, the SCIM test server in the harness. %.1f requests/s offered; %d s of \
                load before a window of %.0f s. Load average (1, 5, 15 min) when all were ready: %s; at the window's \
                start: %s; at its end: %s. %d cores; the machine busy %.1f of %.1f core-seconds in the window, of \
                which the suite %.1f (the five services' JIT compiler threads %.1f) and the harness %.1f (other \
                processes: %.1f).

                | accepted | PROVISIONED | PROVISIONED/s | backlog at the end | p50 | p95 | p99 | max | \
                core-seconds per request (five services, broker, PostgreSQL) | of which the five services |
                | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
                | %d | %d | %.2f | %d | %s | %s | %s | %s | %.3f | %.3f |

                | process | CPU in the window (core-seconds) | per provisioned request (core-ms) |
                | --- | ---: | ---: |
                """, FaultRun.SERVICE_JVM_FLAGS.isEmpty() ? "default tiered JIT" : String.join(" ",
                        FaultRun.SERVICE_JVM_FLAGS), rate, warmup, figures.seconds(), loadAtReady, loadAtStart,
                loadAtEnd, Runtime.getRuntime().availableProcessors(), machineBusy, machineTotal, suite, jit, harness,
                machineBusy - suite - harness, figures.accepted(), figures.provisioned(),
                figures.provisionedPerSecond(), figures.backlog(), seconds(figures.latencyMs(50)),
                seconds(figures.latencyMs(95)), seconds(figures.latencyMs(99)), seconds(figures.latencyMs(100)),
                figures.coreSecondsPerRequest(SUITE), figures.coreSecondsPerRequest(SERVICES)));
        figures.cpuSeconds().forEach((name, used) -> out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n",
                name, used, figures.provisioned() == 0 ? Double.NaN : used * 1000 / figures.provisioned())));
        if (figures.neverProvisioned() > 0) {
            out.append(String.format(Locale.ROOT, "%n%d requests accepted in the window were not provisioned.%n",
                    figures.neverProvisioned()));
        }
        return out.toString();
    }

    private static String seconds(long millis) {
        return millis < 0 ? "-" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }
}
