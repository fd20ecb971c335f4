package io.accessledger.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalRunFiguresTest {
    private static final long FROM = 10_000;
    private static final long TO = 20_000;

    @Test
    void theWindowCountsWhatWasProvisionedInItWheneverItWasAcceptedAndTheLatenciesOfWhatWasAcceptedInIt() {
        Map<String, Long> accepted = Map.of(
                "before", 9_000L, // accepted before the window, provisioned in it: counts for the rate only
                "a", 10_000L, "b", 12_000L, "c", 15_000L,
                "late", 19_000L, // provisioned after the window: in the backlog and the latencies, not the rate
                "lost", 16_000L, // never provisioned
                "after", 20_000L); // accepted when the window had closed: in nothing
        Map<String, Long> provisioned = Map.of("before", 10_500L, "a", 11_000L, "b", 14_000L, "c", 19_999L,
                "late", 23_000L, "after", 20_500L);

        LocalRunFigures figures = LocalRunFigures.of(accepted, provisioned, FROM, TO, Map.of());

        assertThat(figures.accepted()).isEqualTo(5);
        assertThat(figures.provisioned()).isEqualTo(4);
        assertThat(figures.provisionedPerSecond()).isEqualTo(0.4);
        assertThat(figures.backlog()).isEqualTo(2); // late, lost
        assertThat(figures.latenciesMs()).containsExactly(1_000, 2_000, 4_000, 4_999);
        assertThat(figures.neverProvisioned()).isEqualTo(1);
    }

    @Test
    void percentilesAreNearestRankAndNoneWithoutLatencies() {
        Map<String, Long> accepted = new java.util.HashMap<>();
        Map<String, Long> provisioned = new java.util.HashMap<>();
        for (int i = 1; i <= 100; i++) {
            accepted.put("r" + i, FROM);
            provisioned.put("r" + i, FROM + i * 10L);
        }

        LocalRunFigures figures = LocalRunFigures.of(accepted, provisioned, FROM, TO, Map.of());

        assertThat(figures.latencyMs(50)).isEqualTo(500);
        assertThat(figures.latencyMs(95)).isEqualTo(950);
        assertThat(figures.latencyMs(99)).isEqualTo(990);
        assertThat(figures.latencyMs(100)).isEqualTo(1_000);
        assertThat(LocalRunFigures.of(Map.of(), Map.of(), FROM, TO, Map.of()).latencyMs(50)).isEqualTo(-1);
    }

    @Test
    void cpuPerRequestSumsOnlyTheNamedProcessesOverWhatWasProvisioned() {
        Map<String, Long> accepted = Map.of("a", 10_000L, "b", 11_000L);
        Map<String, Long> provisioned = Map.of("a", 12_000L, "b", 13_000L);
        Map<String, Double> cpu = Map.of("request-service", 1.0, "postgres", 0.5, "harness", 9.0);

        LocalRunFigures figures = LocalRunFigures.of(accepted, provisioned, FROM, TO, cpu);

        assertThat(figures.coreSecondsPerRequest(Set.of("request-service", "postgres"))).isEqualTo(0.75);
        assertThat(LocalRunFigures.of(accepted, Map.of(), FROM, TO, cpu)
                .coreSecondsPerRequest(Set.of("postgres"))).isNaN();
    }
}
