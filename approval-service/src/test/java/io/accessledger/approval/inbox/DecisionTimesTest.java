package io.accessledger.approval.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DecisionTimesTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DecisionTimes times = new DecisionTimes(Clock.fixed(NOW, ZoneOffset.UTC), meters);

    private Timer timer(String stage, String outcome, String sla) {
        return meters.find("accessledger.approval.decisions").tags("stage", stage, "outcome", outcome, "sla", sla)
                .timer();
    }

    @Test
    void aDecisionByItsDueTimeIsTimedFromOpenedToDecidedByStageAndOutcome() {
        times.decided("MANAGER", "APPROVED", NOW.minus(Duration.ofHours(3)), NOW.plus(Duration.ofDays(1)), NOW);

        Timer timer = timer("MANAGER", "approved", "met");
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.HOURS)).isEqualTo(3.0);
    }

    @Test
    void aDecisionAfterItsDueTimeCountsAsAnSlaBreach() {
        times.decided("SECURITY", "DENIED", NOW.minus(Duration.ofDays(4)), NOW.minus(Duration.ofDays(1)), NOW);

        assertThat(timer("SECURITY", "denied", "breached").count()).isEqualTo(1);
        assertThat(timer("SECURITY", "denied", "met")).isNull();
    }

    @Test
    void aDecisionThatIsHistoryIsNotTimedAgainWhenTheInboxIsRebuilt() {
        Instant longAgo = NOW.minus(Duration.ofDays(30));
        times.decided("MANAGER", "APPROVED", longAgo.minus(Duration.ofHours(1)), longAgo.plus(Duration.ofDays(1)),
                longAgo);

        assertThat(meters.find("accessledger.approval.decisions").timers()).isEmpty();
    }
}
