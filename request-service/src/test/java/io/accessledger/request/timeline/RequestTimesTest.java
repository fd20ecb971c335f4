package io.accessledger.request.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestTimesTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RequestTimes times = new RequestTimes(Clock.fixed(NOW, ZoneOffset.UTC), meters);

    @Test
    void theTimeFromSubmissionToDecisionAndToProvisioningIsRecordedBySource() {
        times.decided("approved", "SELF_SERVICE", NOW.minus(Duration.ofMinutes(5)), NOW.minus(Duration.ofMinutes(1)));
        times.provisioned("SELF_SERVICE", NOW.minus(Duration.ofMinutes(5)), NOW);

        assertThat(meters.get("accessledger.request.decision.time").tags("outcome", "approved", "source",
                "SELF_SERVICE").timer().totalTime(TimeUnit.MINUTES)).isEqualTo(4.0);
        assertThat(meters.get("accessledger.request.provisioning.time").tags("source", "SELF_SERVICE").timer()
                .totalTime(TimeUnit.MINUTES)).isEqualTo(5.0);
    }

    @Test
    void onlyStepsThatAreNewsAreTimed() {
        assertThat(times.times(NOW.minus(Duration.ofMinutes(9)))).isTrue();
        assertThat(times.times(NOW.minus(Duration.ofMinutes(11)))).as("history, replayed by a rebuild").isFalse();
    }
}
