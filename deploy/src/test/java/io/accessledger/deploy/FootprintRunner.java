package io.accessledger.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.deploy.Suite.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each service's footprint (docs/BENCHMARKS.md, "Footprint"), run by {@code deploy/footprint.sh}; not part of the test
 * suite (not named {@code *Test}). The five services as separate processes, as {@code deploy/run-local.sh} runs them
 * (their exec jars, {@code -Xmx384m -XX:TieredStopAtLevel=1}; the broker, PostgreSQL and the SCIM target as
 * {@link FaultRun} starts them): each one's time to ready (process start to the first {@code /actuator/health} UP,
 * polled each second, all five started at once), its resident set ({@code VmRSS}) idle after {@code -Dfootprint.idle}
 * seconds, and the largest one sampled every 2 s under {@code -Dfootprint.rate} in-profile requests/s for
 * {@code -Dfootprint.seconds} seconds. Writes {@code target/footprint.md}.
 */
class FootprintRunner {
    @Test
    void eachServicesTimeToReadyAndResidentSetIdleAndUnderLoadAreMeasured() throws Exception {
        double rate = Double.parseDouble(System.getProperty("footprint.rate", "2"));
        int seconds = Integer.getInteger("footprint.seconds", 60);
        int idle = Integer.getInteger("footprint.idle", 30);
        Path dir = Path.of("target/footprint");
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        int people = (int) Math.ceil(rate * seconds * 1.2) + 20;
        FaultRun.Settings settings = new FaultRun.Settings(dir, rate, Duration.ofSeconds(seconds),
                Duration.ofSeconds(60), 0.5, Duration.ofSeconds(240));
        try (FaultRun run = new FaultRun(settings).start(people)) {
            String loadAtReady = FaultRun.loadAverage();
            Thread.sleep(idle * 1000L);
            Map<Service, Long> idleKib = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                idleKib.put(service, run.residentKib(service));
            }
            String loadIdle = FaultRun.loadAverage();
            Map<Service, Long> loadedKib = new EnumMap<>(Service.class);
            run.load(true);
            long end = System.currentTimeMillis() + seconds * 1000L;
            while (System.currentTimeMillis() < end) {
                for (Service service : Service.values()) {
                    loadedKib.merge(service, run.residentKib(service), Math::max);
                }
                Thread.sleep(2000);
            }
            run.load(false);
            int accepted = run.acceptedCount();
            String loadEnd = FaultRun.loadAverage();
            StringBuilder table = new StringBuilder(String.format(Locale.ROOT, """
                    Separate JVMs as deploy/run-local.sh runs them (-Xmx384m -XX:TieredStopAtLevel=1), all five \
                    started at once; idle: %d s after the last was ready and the demo data seeded; under load: the \
                    largest of samples every 2 s during %d s at %.1f requests/s offered (%d accepted). \
                    Load average (1, 5, 15 min) when all were ready: %s; idle: %s; end of load: %s. \
                    %d cores.

                    | service | time to ready | RSS idle | RSS under load (max) |
                    | --- | ---: | ---: | ---: |
                    """, idle, seconds, rate, accepted, loadAtReady, loadIdle, loadEnd,
                    Runtime.getRuntime().availableProcessors()));
            for (Service service : Service.values()) {
                table.append(String.format(Locale.ROOT, "| %s | %.1f s | %d MiB | %d MiB |%n",
                        service.applicationName, run.readyAfter().get(service).toMillis() / 1000.0,
                        idleKib.get(service) / 1024, loadedKib.get(service) / 1024));
            }
            Files.writeString(Path.of("target/footprint.md"), table);
            System.out.println(table);
            assertThat(run.readyAfter()).hasSize(Service.values().length);
            assertThat(accepted).as("the load reached the services").isPositive();
        }
    }
}
