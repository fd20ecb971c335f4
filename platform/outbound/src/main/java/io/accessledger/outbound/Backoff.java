package io.accessledger.outbound;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How long to wait before calling an outside system again after a transient failure. */
public final class Backoff {
    private Backoff() {
    }

    /**
     * Capped exponential back-off with full jitter: uniform in {@code [0, min(max, initial × 2^(attempt-1))]}, so
     * callers that failed together do not come back together.
     *
     * @param attempt the attempt that failed, from 1
     */
    public static Duration fullJitter(Duration initial, Duration max, int attempt) {
        long cap = Math.min(max.toMillis(), initial.toMillis() << Math.min(Math.max(attempt, 1) - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }
}
