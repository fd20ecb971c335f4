package io.accessledger.provisioning.grants;

import io.accessledger.outbound.Backoff;
import java.time.Duration;
import java.time.Instant;

/** The grant's named rules: what follows a failed attempt. Pure: the clock and the jitter sample are passed in. */
public final class GrantRules {
    private GrantRules() {
    }

    /** What follows a failed attempt. */
    public sealed interface NextStep {
        /** Call the target again at {@code at}. */
        record TryAgainAt(Instant at) implements NextStep {
        }

        /** Stop trying; {@code why} says which rule said so. */
        record GiveUp(String why) implements NextStep {
        }
    }

    /**
     * A permanent refusal is final at once; a transient failure is retried with capped exponential back-off and
     * jitter (the suite's one formula, {@link Backoff#exponential}), never sooner than the target asked, until the
     * attempt budget is spent.
     *
     * @param attempt the attempt that failed, from 1
     * @param jitterSample a sample in [0, 1) that takes up to {@link RetryPolicy#jitter()} off the wait
     */
    public static NextStep afterFailedAttempt(RetryPolicy policy, int attempt, boolean transientFailure,
            Duration retryAfter, double jitterSample, Instant now) {
        if (!transientFailure) {
            return new NextStep.GiveUp("the target refused; trying again would get the same answer");
        }
        if (attempt >= policy.maxAttempts()) {
            return new NextStep.GiveUp("the retry budget of " + policy.maxAttempts() + " attempts is spent");
        }
        return new NextStep.TryAgainAt(now.plus(wait(policy, attempt, retryAfter, jitterSample)));
    }

    /** The one back-off formula ({@link Backoff#exponential}), never sooner than the target asked (bounded). */
    static Duration wait(RetryPolicy policy, int attempt, Duration retryAfter, double jitterSample) {
        Duration wait = Backoff.exponential(policy.initialBackoff(), policy.maxBackoff(), policy.multiplier(),
                policy.jitter(), attempt, jitterSample);
        if (retryAfter != null && !retryAfter.isNegative()) {
            Duration asked = retryAfter.compareTo(policy.maxRetryAfter()) > 0 ? policy.maxRetryAfter() : retryAfter;
            if (asked.compareTo(wait) > 0) {
                wait = asked;
            }
        }
        return wait;
    }
}
