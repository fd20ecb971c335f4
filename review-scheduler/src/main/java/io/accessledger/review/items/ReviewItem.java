package io.accessledger.review.items;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.review.AccessCertified;
import io.accessledger.events.review.AccessReviewRejected;
import io.accessledger.events.review.AccessReviewRequested;
import io.accessledger.events.review.AccessReviewUnanswered;
import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewDelegated;
import io.accessledger.events.review.ReviewEscalated;
import io.accessledger.events.review.ReviewReminderSent;
import io.accessledger.review.items.ReviewRules.Reviewer;
import io.accessledger.spine.commands.Refused;
import java.time.Duration;
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
 * One grant's review in one campaign: who reviews it and by when, the reminders sent, an escalation, and its one
 * outcome — certified, rejected (its revocation follows), or, when nobody answered, the campaign's non-response
 * policy applied. Its events are keyed by the grant, so they are ordered with the grant's revocation.
 */
@Aggregate
public class ReviewItem {
    @AggregateIdentifier
    private String itemId;
    private String campaignId;
    private GrantId grantId;
    private RequestId requestId;
    private EmployeeId holder;
    private Entitlement entitlement;
    private Reviewer reviewer;
    private EmployeeId delegate;
    private Instant dueAt;
    private int reminders;
    private boolean escalated;
    private boolean decided;

    protected ReviewItem() {
    }

    /** Opened by the campaign's opener; opening again (a page redone) changes nothing. */
    public record OpenReviewItem(@TargetAggregateIdentifier String itemId, String campaignId, GrantId grantId,
            RequestId requestId, EmployeeId holder, Entitlement entitlement, EmployeeId reviewerId,
            String reviewerGroup, Instant dueAt, boolean reviewerApprovedIt, EventId eventId, Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(OpenReviewItem c) {
        if (itemId != null) {
            return;
        }
        apply(new AccessReviewRequested(c.eventId(), c.itemId(), c.campaignId(), c.grantId(), c.requestId(),
                c.holder(), c.entitlement(), c.reviewerId(), c.reviewerGroup(), c.dueAt(), c.reviewerApprovedIt(),
                c.at()));
    }

    public record DecideReviewItem(@TargetAggregateIdentifier String itemId, EmployeeId decider,
            Set<String> deciderRoles, Decision decision, String reason, EventId eventId, Instant at) {
    }

    @CommandHandler
    public void handle(DecideReviewItem c) {
        refuseIfAny(ReviewRules.nobodyReviewsTheirOwnAccess(c.decider(), holder),
                ReviewRules.onlyTheReviewerOrTheirDelegate(c.decider(), c.deciderRoles(), reviewer, delegate),
                ReviewRules.anItemIsDecidedOnce(decided),
                ReviewRules.revokingNeedsAReason(c.decision(), c.reason()));
        if (c.decision() == Decision.CERTIFY) {
            apply(new AccessCertified(c.eventId(), itemId, campaignId, grantId, requestId, holder, entitlement,
                    c.decider(), c.reason(), c.at()));
        } else {
            apply(new AccessReviewRejected(c.eventId(), itemId, campaignId, grantId, requestId, holder, entitlement,
                    c.decider(), c.reason(), c.at()));
        }
    }

    public record DelegateReviewItem(@TargetAggregateIdentifier String itemId, EmployeeId by, Set<String> byRoles,
            EmployeeId delegateId, String reason, EventId eventId, Instant at) {
    }

    @CommandHandler
    public void handle(DelegateReviewItem c) {
        refuseIfAny(ReviewRules.onlyTheReviewerOrTheirDelegate(c.by(), c.byRoles(), reviewer, delegate),
                ReviewRules.nobodyReviewsTheirOwnAccess(c.by(), holder),
                ReviewRules.anItemIsDecidedOnce(decided),
                ReviewRules.nobodyReviewsTheirOwnAccess(c.delegateId(), holder));
        apply(new ReviewDelegated(c.eventId(), itemId, campaignId, grantId, requestId, holder, entitlement,
                reviewer.reviewerId(), c.delegateId(), c.reason(), c.at()));
    }

    /** The {@code reminder}-th reminder (from 1); one already sent, or an item decided, is not reminded again. */
    public record RemindReviewItem(@TargetAggregateIdentifier String itemId, int reminder, EventId eventId,
            Instant at) {
    }

    @CommandHandler
    public void handle(RemindReviewItem c) {
        if (decided || escalated || c.reminder() <= reminders) {
            return;
        }
        apply(new ReviewReminderSent(c.eventId(), itemId, campaignId, grantId, requestId, holder, entitlement,
                reviewer.reviewerId(), reviewer.group(), c.reminder(), dueAt, c.at()));
    }

    /**
     * The due time has come without an answer: the campaign's {@code policy} applies ({@link ReviewRules#onSilence});
     * {@code reviewersManager} is whom an escalation goes to. Ignored before the due time and once decided.
     */
    public record ApplyNonResponse(@TargetAggregateIdentifier String itemId, NonResponsePolicy policy,
            Duration escalationPeriod, EmployeeId reviewersManager, EventId eventId, Instant at) {
    }

    @CommandHandler
    public void handle(ApplyNonResponse c) {
        if (decided) {
            return;
        }
        switch (ReviewRules.onSilence(c.policy(), dueAt, c.at(), escalated, c.reviewersManager(), holder)) {
            case NOT_YET -> {
            }
            case ESCALATE -> apply(new ReviewEscalated(c.eventId(), itemId, campaignId, grantId, requestId, holder,
                    entitlement, reviewer.reviewerId(), c.reviewersManager(), c.at().plus(c.escalationPeriod()),
                    c.at()));
            case REVOKE -> apply(new AccessReviewUnanswered(c.eventId(), itemId, campaignId, grantId, requestId,
                    holder, entitlement, reviewer.reviewerId(), NonResponsePolicy.REVOKE, c.at()));
            case KEEP_FLAGGED -> apply(new AccessReviewUnanswered(c.eventId(), itemId, campaignId, grantId,
                    requestId, holder, entitlement, reviewer.reviewerId(), NonResponsePolicy.KEEP_FLAGGED, c.at()));
        }
    }

    @SafeVarargs
    private static void refuseIfAny(Optional<Refused>... checks) {
        Stream.of(checks).flatMap(Optional::stream).findFirst().ifPresent(refused -> {
            throw refused;
        });
    }

    @EventSourcingHandler
    void on(AccessReviewRequested e) {
        itemId = e.itemId();
        campaignId = e.campaignId();
        grantId = e.grantId();
        requestId = e.requestId();
        holder = e.employeeId();
        entitlement = e.entitlement();
        reviewer = new Reviewer(e.reviewerId(), e.reviewerGroup());
        dueAt = e.dueAt();
    }

    @EventSourcingHandler
    void on(ReviewReminderSent e) {
        reminders = Math.max(reminders, e.reminder());
    }

    @EventSourcingHandler
    void on(ReviewDelegated e) {
        delegate = e.delegateId();
    }

    @EventSourcingHandler
    void on(ReviewEscalated e) {
        escalated = true;
        reviewer = new Reviewer(e.toReviewerId(), null);
        delegate = null;
        dueAt = e.dueAt();
    }

    @EventSourcingHandler
    void on(AccessCertified e) {
        decided = true;
    }

    @EventSourcingHandler
    void on(AccessReviewRejected e) {
        decided = true;
    }

    @EventSourcingHandler
    void on(AccessReviewUnanswered e) {
        decided = true;
    }
}
