package io.accessledger.approval.inbox;

import io.accessledger.spine.replay.ReadModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code accessledger.approval.decisions{stage, outcome, sla}}: a timer (with histogram buckets) of each task's time
 * from opened to decided, by stage, outcome ({@code approved}, {@code denied}, {@code returned}) and whether it was
 * decided by its due time ({@code sla=met}) or after ({@code sla=breached}); its count is the decisions by stage and
 * outcome, and the SLA breaches. Observed as the inbox sees a decision happen, only when that is news
 * ({@link ReadModel#isNews}), so a rebuild of the inbox counts nothing twice.
 */
final class DecisionTimes {
    private final Clock clock;
    private final MeterRegistry meters;

    DecisionTimes(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.meters = meters;
    }

    void decided(String stage, String outcome, Instant openedAt, Instant dueAt, Instant decidedAt) {
        if (!ReadModel.isNews(decidedAt, clock) || decidedAt.isBefore(openedAt)) {
            return;
        }
        Timer.builder("accessledger.approval.decisions")
                .description("Approval tasks decided: time from opened to decided, by stage, outcome and SLA")
                .tag("stage", stage).tag("outcome", outcome.toLowerCase(Locale.ROOT))
                .tag("sla", decidedAt.isAfter(dueAt) ? "breached" : "met")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofDays(30)).register(meters)
                .record(Duration.between(openedAt, decidedAt));
    }
}
