package io.accessledger.outbound;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before calling an outside system again after a transient failure: the suite's one back-off
 * formula, for the outbound clients and for provisioning's retry rule alike.
 */
public final class Backoff {
    private Backoff() {
    }

    /**
     * Capped exponential back-off with jitter: attempt {@code n} (from 1) waits
     * {@code min(max, initial × multiplier^(n-1)) × (1 - jitter × sample)}, so callers that failed together do not
     * come back together, and no wait exceeds {@code max}. {@code jitter} 1 is "full jitter" (anywhere up to the cap),
     * 0 none. Pure: the random {@code sample} is passed in.
     *
     * @param attempt the attempt that failed, from 1
     * @param jitter the fraction of the wait the sample may take off, in [0, 1]
     * @param sample in [0, 1)
     */
    public static Duration exponential(Duration initial, Duration max, double multiplier, double jitter, int attempt,
            double sample) {
        double cap = Math.min(max.toMillis(), initial.toMillis() * Math.pow(multiplier, Math.max(attempt, 1) - 1));
        double spread = Math.min(Math.max(jitter, 0.0), 1.0) * Math.min(Math.max(sample, 0.0), 1.0);
        return Duration.ofMillis(Math.round(cap * (1.0 - spread)));
    }

    /** {@link #exponential} doubling, with full jitter and a random sample: for a client that sets only the bounds. */
    public static Duration fullJitter(Duration initial, Duration max, int attempt) {
        return exponential(initial, max, 2.0, 1.0, attempt, ThreadLocalRandom.current().nextDouble());
    }
}
