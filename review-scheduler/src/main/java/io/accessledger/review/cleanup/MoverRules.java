package io.accessledger.review.cleanup;

import io.accessledger.events.model.Entitlement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;

/** What a mover keeps and loses, as pure functions. */
public final class MoverRules {
    private MoverRules() {
    }

    /**
     * A grant goes when its entitlement is outside the new position's standard profile, unless it was asked for the
     * new role: its request was submitted on or after the transfer's effective date (UTC). A request whose
     * submission is unknown counts as asked for the old role.
     */
    public static boolean losesOnMove(Entitlement entitlement, Collection<Entitlement> newProfile,
            Instant requestSubmittedAt, LocalDate effectiveOn) {
        if (newProfile.contains(entitlement)) {
            return false;
        }
        return requestSubmittedAt == null
                || requestSubmittedAt.isBefore(effectiveOn.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
