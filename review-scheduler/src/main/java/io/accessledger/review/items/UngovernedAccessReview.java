package io.accessledger.review.items;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.review.UngovernedAccessAccepted;
import io.accessledger.events.review.UngovernedAccessRemovalRequested;
import io.accessledger.events.review.UngovernedAccessReviewReminderSent;
import io.accessledger.events.review.UngovernedAccessReviewRequested;
import io.accessledger.review.items.ReviewRules.Reviewer;
import io.accessledger.spine.commands.Refused;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The second kind of review item: a member of a target group that no grant explains (no grant, no request), found by
 * a reconciliation and put before the resource's owner. One per finding ({@link UngovernedRules#itemIdOf}), so a
 * later reconciliation finding it again opens nothing new. Its one outcome: kept, with a reason
 * ({@link UngovernedAccessAccepted}), or removal asked for — by the reviewer, or, at the due time without an answer,
 * by the campaign's non-response policy (REVOKE: {@code requestedBy} null). The same rules as a grant's item: only
 * the reviewer, their delegate or a member of the reviewing group decides; nobody decides on access matched to
 * themselves; decided once. Its events are keyed by the finding.
 */
@Aggregate
public class UngovernedAccessReview {
    @AggregateIdentifier
    private String itemId;
    private String campaignId;
    private String findingId;
    private String target;
    private Entitlement entitlement;
    private String group;
    private String memberId;
    private String userName;
    private EmployeeId matched;
    private Reviewer reviewer;
    private Instant dueAt;
    private int reminders;
    private boolean decided;

    protected UngovernedAccessReview() {
    }

    /**
     * Opened from an {@code UngovernedAccessDetected} with handling REVIEW; opening again changes nothing. Answers
     * whether the item is this campaign's (new, or opened by it before): false when an earlier reconciliation's
     * campaign already has the finding under review.
     */
    public record OpenUngovernedReview(@TargetAggregateIdentifier String itemId, String campaignId, String findingId,
            String target, Entitlement entitlement, String group, String memberId, String userName,
            EmployeeId employeeId, EmployeeId reviewerId, Instant dueAt, EventId eventId, Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean handle(OpenUngovernedReview c) {
        if (itemId != null) {
            return campaignId.equals(c.campaignId());
        }
        apply(new UngovernedAccessReviewRequested(c.eventId(), c.itemId(), c.campaignId(), c.findingId(), c.target(),
                c.entitlement(), c.group(), c.memberId(), c.userName(), c.employeeId(), c.reviewerId(), c.dueAt(),
                c.at()));
        return true;
    }

    public record DecideUngovernedReview(@TargetAggregateIdentifier String itemId, EmployeeId decider,
            Set<String> deciderRoles, Decision decision, String reason, EventId eventId, Instant at) {
    }

    @CommandHandler
    public void handle(DecideUngovernedReview c) {
        refuseIfAny(matched == null ? Optional.empty() : ReviewRules.nobodyReviewsTheirOwnAccess(c.decider(), matched),
                ReviewRules.onlyTheReviewerOrTheirDelegate(c.decider(), c.deciderRoles(), reviewer, null),
                ReviewRules.anItemIsDecidedOnce(decided),
                UngovernedRules.keepingUngovernedAccessNeedsAReason(c.decision(), c.reason()));
        if (c.decision() == Decision.CERTIFY) {
            apply(new UngovernedAccessAccepted(c.eventId(), itemId, findingId, target, entitlement, memberId,
                    c.decider(), c.reason(), c.at()));
        } else {
            apply(new UngovernedAccessRemovalRequested(c.eventId(), itemId, findingId, target, entitlement, group,
                    memberId, c.decider(), c.reason(), c.at()));
        }
    }

    /**
     * The {@code reminder}-th reminder (from 1) of the campaign's schedule; one already sent, an item decided, or a
     * reminder at or after the due time (silence is what comes then) is not sent.
     */
    public record RemindUngovernedReview(@TargetAggregateIdentifier String itemId, int reminder, EventId eventId,
            Instant at) {
    }

    @CommandHandler
    public void handle(RemindUngovernedReview c) {
        if (decided || c.reminder() <= reminders || !c.at().isBefore(dueAt)) {
            return;
        }
        apply(new UngovernedAccessReviewReminderSent(c.eventId(), itemId, campaignId, findingId, target, entitlement,
                group, memberId, userName, reviewer.reviewerId(), c.reminder(), dueAt, c.at()));
    }

    /** The due time has come without an answer: the removal is asked for. Ignored before it and once decided. */
    public record ApplyUngovernedNonResponse(@TargetAggregateIdentifier String itemId, EventId eventId, Instant at) {
    }

    @CommandHandler
    public void handle(ApplyUngovernedNonResponse c) {
        if (decided || c.at().isBefore(dueAt)) {
            return;
        }
        apply(new UngovernedAccessRemovalRequested(c.eventId(), itemId, findingId, target, entitlement, group,
                memberId, null, "No decision by the due time", c.at()));
    }

    @SafeVarargs
    private static void refuseIfAny(Optional<Refused>... checks) {
        Stream.of(checks).flatMap(Optional::stream).findFirst().ifPresent(refused -> {
            throw refused;
        });
    }

    @EventSourcingHandler
    void on(UngovernedAccessReviewRequested e) {
        itemId = e.itemId();
        campaignId = e.campaignId();
        findingId = e.findingId();
        target = e.target();
        entitlement = e.entitlement();
        group = e.group();
        memberId = e.memberId();
        userName = e.userName();
        matched = e.employeeId();
        reviewer = e.reviewerId() == null ? new Reviewer(null, ReviewRules.FALLBACK_GROUP)
                : new Reviewer(e.reviewerId(), null);
        dueAt = e.dueAt();
    }

    @EventSourcingHandler
    void on(UngovernedAccessReviewReminderSent e) {
        reminders = e.reminder();
    }

    @EventSourcingHandler
    void on(UngovernedAccessAccepted e) {
        decided = true;
    }

    @EventSourcingHandler
    void on(UngovernedAccessRemovalRequested e) {
        decided = true;
    }
}
