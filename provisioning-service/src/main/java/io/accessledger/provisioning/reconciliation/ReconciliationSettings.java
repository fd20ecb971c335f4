package io.accessledger.provisioning.reconciliation;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code accessledger.provisioning.reconciliation}: how many runs at once on an instance ({@code threads}), how long a
 * run holds its target without progress before another may take it ({@code lease}), and how a transient failure
 * while reading is waited out: {@code max-retries} in a row on one page, each after the target's {@code retryAfter}
 * (else {@code retry-wait}), never longer than {@code max-wait}.
 */
public record ReconciliationSettings(@DefaultValue("2") int threads, @DefaultValue("PT5M") Duration lease,
        @DefaultValue("5") int maxRetries, @DefaultValue("PT5S") Duration retryWait,
        @DefaultValue("PT5M") Duration maxWait) {
    public static final ReconciliationSettings DEFAULT = new ReconciliationSettings(2, Duration.ofMinutes(5), 5,
            Duration.ofSeconds(5), Duration.ofMinutes(5));

    /** Waits before the same page is asked again (a bean, so a test can count or shorten the waits). */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration wait);

        /** Blocks the run's own thread for that long. */
        static Pause sleeping() {
            return wait -> {
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting to read the target again", e);
                }
            };
        }
    }
}
