package io.accessledger.request.timeline;

import io.accessledger.spine.replay.ReadModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long requests take from submission, observed as the timeline sees each step happen, only when it is news
 * ({@link ReadModel#isNews}: a rebuild of the timeline counts nothing twice). Timers with histogram buckets and
 * low-cardinality tags:
 * <ul>
 * <li>{@code accessledger.request.decision.time{outcome, source}}: submitted → the final decision
 * ({@code outcome=approved} at {@code AccessApproved}, {@code denied} at {@code AccessDenied});</li>
 * <li>{@code accessledger.request.provisioning.time{source}}: submitted → {@code AccessProvisioned}.</li>
 * </ul>
 */
final class RequestTimes {
    private final Clock clock;
    private final MeterRegistry meters;

    RequestTimes(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.meters = meters;
    }

    /** Whether a step that happened at {@code at} is to be timed (then the caller looks up the submission). */
    boolean times(Instant at) {
        return ReadModel.isNews(at, clock);
    }

    void decided(String outcome, String source, Instant submittedAt, Instant at) {
        record(Timer.builder("accessledger.request.decision.time").tag("outcome", outcome)
                .description("Requests decided: time from submission to the final decision"), source,
                submittedAt, at);
    }

    void provisioned(String source, Instant submittedAt, Instant at) {
        record(Timer.builder("accessledger.request.provisioning.time")
                .description("Requests provisioned: time from submission to the access provisioned"), source,
                submittedAt, at);
    }

    private void record(Timer.Builder timer, String source, Instant submittedAt, Instant at) {
        if (at.isBefore(submittedAt)) {
            return;
        }
        timer.tag("source", source == null ? "UNKNOWN" : source).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofDays(30))
                .register(meters).record(Duration.between(submittedAt, at));
    }
}
