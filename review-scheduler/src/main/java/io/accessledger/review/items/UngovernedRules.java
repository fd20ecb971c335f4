package io.accessledger.review.items;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.Ids;
import io.accessledger.spine.commands.Refused;
import java.util.Optional;

/** Named, pure rules of the review of ungoverned access. */
public final class UngovernedRules {
    private UngovernedRules() {
    }

    /** The automatic campaign of one reconciliation's findings. */
    public static String campaignIdOf(String reconciliationId) {
        return "C-reconciliation-" + reconciliationId;
    }

    /** One item per finding, whichever reconciliation found it: found again, it is not opened twice. */
    public static String itemIdOf(String findingId) {
        return "UA-" + Ids.nameBased("ungoverned-review:" + findingId);
    }

    /**
     * The resource's owner reviews (the owner known from the approvals review-scheduler has seen); failing one, or
     * when the owner is the member themselves, the {@value ReviewRules#FALLBACK_GROUP} queue (reviewer null).
     */
    public static EmployeeId reviewerOf(EmployeeId resourceOwner, EmployeeId matchedEmployee) {
        return resourceOwner == null || resourceOwner.equals(matchedEmployee) ? null : resourceOwner;
    }

    /** Keeping access that no grant explains is an exception to governance: it needs a reason. */
    public static Optional<Refused> keepingUngovernedAccessNeedsAReason(Decision decision, String reason) {
        if (decision == Decision.CERTIFY && (reason == null || reason.isBlank())) {
            return Optional.of(Refused.invalid("keepingUngovernedAccessNeedsAReason",
                    "Say why access that no grant explains may stay"));
        }
        return ReviewRules.revokingNeedsAReason(decision, reason);
    }
}
