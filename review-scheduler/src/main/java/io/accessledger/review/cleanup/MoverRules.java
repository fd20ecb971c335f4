package io.accessledger.review.cleanup;

import io.accessledger.events.model.Entitlement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Objects;

/** What a mover keeps and loses, as pure functions. */
public final class MoverRules {
    private MoverRules() {
    }

    /** Whether a transfer changed the position (department or job title), not only the manager. */
    public static boolean positionChanged(String previousDepartment, String previousJobTitle, String department,
            String jobTitle) {
        return !Objects.equals(previousDepartment, department) || !Objects.equals(previousJobTitle, jobTitle);
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
