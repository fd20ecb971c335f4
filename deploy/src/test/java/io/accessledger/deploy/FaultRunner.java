package io.accessledger.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The full fault run (docs/RELIABILITY.md, "Fault runs under load"), run by {@code deploy/fault-run.sh}; not part of
 * the test suite (not named {@code *Test}; {@link FaultRunTest} is the short version that is). The faults of
 * {@code -Dfaults.plan} in order (default: a poison record and duplicates, {@code kill -9} of each service in turn,
 * the SCIM target down for 60 s), each under {@code -Dfaults.rate} requests/s offered with windows of
 * {@code -Dfaults.window} seconds, on one broker or a cluster of {@code -Dfaults.brokers} broker processes. Writes
 * {@code target/fault-run.md}; fails if any invariant was violated.
 */
class FaultRunner {
    static final List<String> DEFAULT_PLAN = Stream.concat(Stream.of("poison"), Stream.concat(
            Arrays.stream(Suite.Service.values()).map(service -> "kill:" + service.applicationName),
            Stream.of("scim"))).toList();

    @Test
    void everyFaultOfThePlanUnderLoadLeavesEveryInvariantTrue() throws Exception {
        List<String> plan = System.getProperty("faults.plan", "").isBlank() ? DEFAULT_PLAN
                : List.of(System.getProperty("faults.plan").split(","));
        double rate = Double.parseDouble(System.getProperty("faults.rate", "1"));
        Duration window = Duration.ofSeconds(Integer.getInteger("faults.window", 20));
        Path dir = Path.of("target/fault-run");
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        // Enough people for every phase: warm-up, before, two after, and the fault itself (SCIM: 60 s; a restart).
        long seconds = plan.size() * (window.toSeconds() * 7 / 2 + 70);
        int people = (int) Math.ceil(rate * seconds * 1.2) + 20;
        FaultRun.Settings settings = new FaultRun.Settings(dir, rate, window, Duration.ofSeconds(60), 0.5,
                Duration.ofSeconds(Integer.getInteger("faults.settle", 240)),
                Integer.getInteger("faults.brokers", 1));
        try (FaultRun run = new FaultRun(settings)) {
            run.start(people); // inside: processes started before a failure are stopped too
            for (String fault : plan) {
                run.fault(fault);
                Files.writeString(Path.of("target/fault-run.md"), run.table());
            }
            System.out.println(run.table());
            assertThat(run.outcomes()).allSatisfy(outcome -> {
                assertThat(outcome.report().holds()).as(outcome.fault() + "\n" + outcome.report().markdown())
                        .isTrue();
                assertThat(outcome.unoffered()).as("ticks of " + outcome.fault() + " with nobody left to ask")
                        .isZero();
            });
        }
    }
}
