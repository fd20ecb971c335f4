package io.accessledger.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(2);

    @Test
    void theWaitStaysWithinTheDoublingCap() {
        for (int attempt = 1; attempt <= 4; attempt++) {
            long cap = 100L << (attempt - 1);
            for (int i = 0; i < 200; i++) {
                assertThat(Backoff.fullJitter(INITIAL, MAX, attempt).toMillis()).isBetween(0L, cap);
            }
        }
    }

    @Test
    void theWaitNeverExceedsTheMaximumHoweverManyAttempts() {
        for (int i = 0; i < 200; i++) {
            assertThat(Backoff.fullJitter(INITIAL, MAX, 60)).isLessThanOrEqualTo(MAX);
        }
    }

    @Test
    void theWaitIsSpreadNotFixed() {
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> Backoff.fullJitter(INITIAL, MAX, 5)).distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void theWaitMultipliesUpToTheCapAndTheSampleTakesOffAtMostTheJitter() {
        Duration initial = Duration.ofSeconds(2);
        Duration max = Duration.ofSeconds(60);
        assertThat(Backoff.exponential(initial, max, 2.0, 0.25, 1, 0.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.exponential(initial, max, 2.0, 0.25, 3, 0.0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(Backoff.exponential(initial, max, 3.0, 0.25, 3, 0.0)).isEqualTo(Duration.ofSeconds(18));
        assertThat(Backoff.exponential(initial, max, 2.0, 0.25, 3, 0.5)).isEqualTo(Duration.ofSeconds(7));
        assertThat(Backoff.exponential(initial, max, 2.0, 0.25, 9, 0.0)).isEqualTo(max);
        assertThat(Backoff.exponential(initial, max, 2.0, 0.0, 3, 0.9)).isEqualTo(Duration.ofSeconds(8));
    }
}
