package io.accessledger.provisioning.grants;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a connector is given: {@code accessledger.provisioning.retry}. Attempt {@code n} (from 1) that failed
 * transiently is followed by a wait of {@code min(maxBackoff, initialBackoff × multiplier^(n-1))}, of which a random
 * sample takes off up to {@code jitter} (a fraction; platform/outbound's {@code Backoff.exponential}, the suite's one
 * formula), and never shorter than the target's own Retry-After (itself bounded by
 * {@code maxRetryAfter}). After {@code maxAttempts} attempts the grant fails. The defaults (10 attempts, 2 s doubling
 * to 5 min) give a target about 13 minutes to come back before IAM is asked to look.
 */
public record RetryPolicy(@DefaultValue("10") int maxAttempts, @DefaultValue("PT2S") Duration initialBackoff,
        @DefaultValue("PT5M") Duration maxBackoff, @DefaultValue("2.0") double multiplier,
        @DefaultValue("0.2") double jitter, @DefaultValue("PT1H") Duration maxRetryAfter) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofSeconds(2), Duration.ofMinutes(5), 2.0,
            0.2, Duration.ofHours(1));

    public RetryPolicy {
        if (maxAttempts < 1 || multiplier < 1.0 || jitter < 0 || jitter > 1 || initialBackoff == null
                || maxBackoff == null || maxRetryAfter == null) {
            throw new IllegalArgumentException("accessledger.provisioning.retry: max-attempts >= 1, multiplier >= 1,"
                    + " 0 <= jitter <= 1, and all durations set");
        }
    }
}
