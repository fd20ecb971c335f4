package io.accessledger.review.cleanup;

import io.accessledger.events.model.Entitlement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import io.accessledger.events.ids.EmployeeId;
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

    /**
     * A grant the move keeps although it is outside the new position's standard profile (asked for the new role, on
     * or after the effective date) is not kept silently: the new manager reviews it.
     */
    public static boolean reviewedOnMove(Entitlement entitlement, Collection<Entitlement> newProfile,
            Instant requestSubmittedAt, LocalDate effectiveOn) {
        return !newProfile.contains(entitlement)
                && !losesOnMove(entitlement, newProfile, requestSubmittedAt, effectiveOn);
    }

    /** One review campaign per move: the same transfer delivered again, or seen by two instances, names the same one. */
    public static String transferCampaignId(EmployeeId employeeId, LocalDate effectiveOn) {
        return "C-transfer-" + employeeId.value() + "-" + effectiveOn;
    }
}
