package io.accessledger.provisioning.grants;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.outbound.Backoff;
import io.accessledger.spine.commands.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The grant's named rules: who fulfils a task, what follows a failed attempt. Pure: the clock and the jitter sample
 * are passed in.
 */
public final class GrantRules {
    private GrantRules() {
    }

    /**
     * A fulfilment task is completed by its assignee or a member of its queue. The refusal names neither the queue
     * nor the task's state: it is the same for a task the caller does not hold, a closed one and one that does not
     * exist ({@link #notTheirs}), so that an id seen elsewhere tells them nothing.
     */
    public static Optional<Refused> onlyTheAssigneeOrTheQueueFulfils(EmployeeId assignee, String queue,
            EmployeeId completedBy, Set<String> roles) {
        boolean holds = completedBy.equals(assignee) || (queue != null && roles.contains(queue));
        return holds ? Optional.empty() : Optional.of(notTheirs(completedBy));
    }

    /** What a fulfilment task that is not the caller's answers, and a task id nobody knows: one refusal for both. */
    public static Refused notTheirs(EmployeeId completedBy) {
        return Refused.notAllowed("only-the-assignee-or-the-queue-fulfils",
                completedBy + " is neither the task's assignee nor in its queue");
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
