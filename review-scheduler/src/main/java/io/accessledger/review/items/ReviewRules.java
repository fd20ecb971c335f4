package io.accessledger.review.items;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewerKind;
import io.accessledger.spine.commands.Refused;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who reviews what, who may decide, and what silence means: named, pure rules. Each check returns the refusal, or
 * nothing.
 */
public final class ReviewRules {
    /** The queue that reviews when nobody else can: the holder has no manager, or the named reviewer is the holder. */
    public static final String FALLBACK_GROUP = "IAM";

    private ReviewRules() {
    }

    /** An item's reviewer: a person, or the members of a group (a JWT role). */
    public record Reviewer(EmployeeId reviewerId, String group) {
        static Reviewer person(EmployeeId id) {
            return new Reviewer(id, null);
        }

        static Reviewer queue(String group) {
            return new Reviewer(null, group);
        }
    }

    /**
     * Who reviews a grant: the holder's manager (MANAGER), the resource's owner (RESOURCE_OWNER; when there is none, or
     * the owner holds the grant, the holder's manager), or the named group (GROUP). Never the holder: failing a
     * person, the {@value #FALLBACK_GROUP} queue.
     */
    public static Reviewer assignReviewer(ReviewerKind kind, String group, EmployeeId holder, EmployeeId holdersManager,
            EmployeeId resourceOwner) {
        if (kind == ReviewerKind.GROUP) {
            return Reviewer.queue(group);
        }
        EmployeeId person = kind == ReviewerKind.RESOURCE_OWNER && resourceOwner != null
                && !resourceOwner.equals(holder) ? resourceOwner : holdersManager;
        return person == null || person.equals(holder) ? Reviewer.queue(FALLBACK_GROUP) : Reviewer.person(person);
    }

    /** Whether the reviewer is also one of those who approved the grant (shown to whoever checks the campaign). */
    public static boolean reviewerApprovedIt(Reviewer reviewer, List<String> approvedBy) {
        return reviewer.reviewerId() != null && approvedBy != null
                && approvedBy.contains(reviewer.reviewerId().value());
    }

    public static Optional<Refused> nobodyReviewsTheirOwnAccess(EmployeeId decider, EmployeeId holder) {
        if (decider.equals(holder)) {
            return Optional.of(Refused.notAllowed("nobodyReviewsTheirOwnAccess",
                    decider + " holds this access and may not review it"));
        }
        return Optional.empty();
    }

    /** The assigned reviewer, their delegate, or (for a group's item) a member of the group. */
    public static Optional<Refused> onlyTheReviewerOrTheirDelegate(EmployeeId decider, Set<String> deciderRoles,
            Reviewer reviewer, EmployeeId delegate) {
        boolean assigned = decider.equals(reviewer.reviewerId()) || decider.equals(delegate);
        boolean member = reviewer.group() != null && deciderRoles.contains(reviewer.group());
        if (!assigned && !member) {
            return Optional.of(Refused.notAllowed("onlyTheReviewerOrTheirDelegate", decider
                    + " is neither the reviewer of this item, their delegate nor a member of its group"));
        }
        return Optional.empty();
    }

    public static Optional<Refused> anItemIsDecidedOnce(boolean decided) {
        if (decided) {
            return Optional.of(Refused.closed("anItemIsDecidedOnce", "This review item already has its outcome"));
        }
        return Optional.empty();
    }

    public static Optional<Refused> revokingNeedsAReason(Decision decision, String reason) {
        if (decision == Decision.REVOKE && (reason == null || reason.isBlank())) {
            return Optional.of(Refused.invalid("revokingNeedsAReason", "Say why the access must go"));
        }
        return Optional.empty();
    }

    /** What an undecided item's due time brings. */
    public enum Silence {
        NOT_YET, ESCALATE, REVOKE, KEEP_FLAGGED
    }

    /**
     * Silence at the due time: ESCALATE goes once to the reviewer's manager (if there is one other than the holder);
     * an escalated item, or one with nobody to escalate to, is revoked. Nothing before the due time.
     */
    public static Silence onSilence(NonResponsePolicy policy, Instant dueAt, Instant now, boolean escalated,
            EmployeeId escalateTo, EmployeeId holder) {
        if (now.isBefore(dueAt)) {
            return Silence.NOT_YET;
        }
        return switch (policy) {
            case KEEP_FLAGGED -> Silence.KEEP_FLAGGED;
            case REVOKE -> Silence.REVOKE;
            case ESCALATE -> !escalated && escalateTo != null && !escalateTo.equals(holder) ? Silence.ESCALATE
                    : Silence.REVOKE;
        };
    }
}
