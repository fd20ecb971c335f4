package io.accessledger.review.items;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * Review completion: {@code accessledger.review.items{state}}, the items of the campaigns still open that are
 * {@code decided}, {@code open} (undecided) and {@code overdue} (undecided past their due time); completion is
 * decided / (decided + open). Read from the review read model at scrape time, kept 30 s (one query per scrape).
 */
@Component
public class ReviewMetrics {
    private static final long FRESH_NANOS = 30_000_000_000L;
    private final ReviewItemsView items;
    private final Clock clock;
    private ReviewItemsView.ReviewerProgress progress;
    private long readAt;

    public ReviewMetrics(ReviewItemsView items, Clock clock, MeterRegistry meters) {
        this.items = items;
        this.clock = clock;
        gauge(meters, "decided", ReviewItemsView.ReviewerProgress::decided);
        gauge(meters, "open", ReviewItemsView.ReviewerProgress::open);
        gauge(meters, "overdue", ReviewItemsView.ReviewerProgress::overdue);
    }

    private void gauge(MeterRegistry meters, String state, ToLongFunction<ReviewItemsView.ReviewerProgress> count) {
        Gauge.builder("accessledger.review.items", this, metrics -> count.applyAsLong(metrics.progress()))
                .description("Review items of the open campaigns: decided, undecided, and undecided past due")
                .tag("state", state).register(meters);
    }

    private synchronized ReviewItemsView.ReviewerProgress progress() {
        long now = System.nanoTime();
        if (progress == null || now - readAt > FRESH_NANOS) {
            progress = items.openCampaignsProgress(clock.instant());
            readAt = now;
        }
        return progress;
    }
}
