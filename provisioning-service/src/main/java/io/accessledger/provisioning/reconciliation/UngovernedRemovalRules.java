package io.accessledger.provisioning.reconciliation;

import io.accessledger.spine.commands.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The removal's named rules: who may be sent back to the target. Pure: the instant is passed in. */
public final class UngovernedRemovalRules {
    /**
     * A retry still RETRYING after this long is taken for one whose instance died and may be retried again: longer
     * than a retry can take with the default reconciliation settings (5 retries of at most 5 minutes' wait).
     */
    public static final Duration STALE_AFTER = Duration.ofMinutes(30);

    private UngovernedRemovalRules() {
    }

    /** Where a removal stands. */
    public enum Status {
        REMOVED, FAILED, RETRYING
    }

    /**
     * Only a FAILED removal is sent back to its target (409 {@code removal-not-failed} otherwise): a REMOVED one has
     * nothing left to do, and a RETRYING one is already being tried — unless that retry is older than
     * {@link #STALE_AFTER}, when its instance is taken to have died.
     */
    public static Optional<Refused> mayRetry(String removalId, Status status, Instant retryingSince, Instant now) {
        if (status == Status.FAILED) {
            return Optional.empty();
        }
        if (status == Status.RETRYING && !retryingSince.plus(STALE_AFTER).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Refused.conflict("removal-not-failed", "Removal " + removalId + " has not failed (it is "
                + status + ")"));
    }
}
