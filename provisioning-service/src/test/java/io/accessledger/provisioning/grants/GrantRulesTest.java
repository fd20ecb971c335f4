package io.accessledger.provisioning.grants;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What follows a failed connector call: capped exponential back-off with jitter, the target's hint, the budget. */
class GrantRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final RetryPolicy POLICY = new RetryPolicy(8, Duration.ofSeconds(2), Duration.ofSeconds(60), 2.0,
            0.25, Duration.ofMinutes(10));

    private static Duration waitAfter(int attempt, Duration retryAfter, double jitterSample) {
        GrantRules.NextStep next = GrantRules.afterFailedAttempt(POLICY, attempt, true, retryAfter, jitterSample, NOW);
        assertThat(next).isInstanceOf(GrantRules.NextStep.TryAgainAt.class);
        return Duration.between(NOW, ((GrantRules.NextStep.TryAgainAt) next).at());
    }

    @Test
    void theWaitDoublesWithEachAttempt() {
        assertThat(waitAfter(1, null, 0.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(waitAfter(2, null, 0.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(waitAfter(3, null, 0.0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(waitAfter(5, null, 0.0)).isEqualTo(Duration.ofSeconds(32));
    }

    @Test
    void theWaitIsCappedAtTheMaximumBackOff() {
        assertThat(waitAfter(7, null, 0.0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(waitAfter(6, null, 0.0)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterTakesOffAtMostTheConfiguredFraction() {
        assertThat(waitAfter(3, null, 0.5)).isEqualTo(Duration.ofSeconds(7));
        assertThat(waitAfter(3, null, 0.999)).isBetween(Duration.ofSeconds(6), Duration.ofMillis(6010));
    }

    @Test
    void theTargetsRetryAfterWinsOverAShorterBackOff() {
        assertThat(waitAfter(1, Duration.ofSeconds(30), 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(waitAfter(5, Duration.ofSeconds(1), 0.0)).isEqualTo(Duration.ofSeconds(32));
    }

    @Test
    void anUnreasonableRetryAfterIsBounded() {
        assertThat(waitAfter(1, Duration.ofDays(2), 0.5)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aPermanentRefusalIsNotRetried() {
        assertThat(GrantRules.afterFailedAttempt(POLICY, 1, false, null, 0.5, NOW))
                .isInstanceOf(GrantRules.NextStep.GiveUp.class);
    }

    @Test
    void theLastAttemptOfTheBudgetGivesUp() {
        assertThat(GrantRules.afterFailedAttempt(POLICY, 7, true, null, 0.5, NOW))
                .isInstanceOf(GrantRules.NextStep.TryAgainAt.class);
        GrantRules.NextStep last = GrantRules.afterFailedAttempt(POLICY, 8, true, null, 0.5, NOW);
        assertThat(last).isInstanceOf(GrantRules.NextStep.GiveUp.class);
        assertThat(((GrantRules.NextStep.GiveUp) last).why()).contains("8 attempts");
    }
}
