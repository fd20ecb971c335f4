package io.accessledger.approval.inbox;

import io.accessledger.events.model.Stage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code accessledger.approval.tasks{stage, state}}: open approval tasks per stage ({@code state=open}) and those of
 * them past their due time ({@code state=overdue}), read from the inbox at scrape time (one query per scrape, kept a
 * few seconds for the scrape's other gauges). The decisions themselves are timed by {@link DecisionTimes}.
 */
@Component
public class TaskMetrics {
    private static final long FRESH_NANOS = 5_000_000_000L;
    private final InboxView inbox;
    private final Clock clock;
    private Map<String, Long> counts = Map.of();
    private long readAt;
    private boolean read;

    public TaskMetrics(InboxView inbox, Clock clock, MeterRegistry meters) {
        this.inbox = inbox;
        this.clock = clock;
        for (Stage stage : Stage.values()) {
            for (String state : new String[] {"open", "overdue"}) {
                String key = stage.name() + "/" + state;
                Gauge.builder("accessledger.approval.tasks", this, metrics -> metrics.count(key))
                        .description("Open approval tasks by stage, and those past their due time")
                        .tag("stage", stage.name()).tag("state", state).register(meters);
            }
        }
    }

    private synchronized double count(String key) {
        long now = System.nanoTime();
        if (!read || now - readAt > FRESH_NANOS) {
            counts = inbox.openTaskCounts(clock.instant());
            readAt = now;
            read = true;
        }
        return counts.getOrDefault(key, 0L);
    }
}
