package io.accessledger.review.campaigns;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewCampaignClosed;
import io.accessledger.events.review.ReviewCampaignStarted;
import io.accessledger.events.review.ReviewScope;
import io.accessledger.events.review.ReviewerKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A periodic access review: what it covers, who reviews, its end, reminders and non-response policy; it closes once,
 * with its counts, when every item has an outcome. Its items are {@code ReviewItem}s of their own (opened in pages by
 * the opener), so a campaign of millions of grants never holds them.
 */
@Aggregate
public class ReviewCampaign {
    @AggregateIdentifier
    private String campaignId;
    private boolean closed;

    protected ReviewCampaign() {
    }

    /** {@code startedBy} null: an automatic campaign (review dates falling due). */
    public record StartCampaign(@TargetAggregateIdentifier String campaignId, String name, ReviewScope scope,
            ReviewerKind reviewerKind, String reviewerGroup, Instant endsAt, List<Duration> remindBefore,
            NonResponsePolicy nonResponse, Duration escalationPeriod, EmployeeId startedBy, Set<String> starterRoles,
            EventId eventId, Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(StartCampaign c) {
        if (campaignId != null) {
            return;
        }
        List<Duration> reminders = c.remindBefore() == null ? List.of()
                : c.remindBefore().stream().sorted(Comparator.reverseOrder()).distinct().toList();
        CampaignRules.onlyComplianceOrIamStartCampaigns(c.starterRoles(), c.startedBy() == null)
                .or(() -> CampaignRules.aCampaignIsWellFormed(c.name(), c.reviewerKind(), c.reviewerGroup(), c.at(),
                        c.endsAt(), reminders, c.nonResponse(), c.escalationPeriod()))
                .ifPresent(refused -> {
                    throw refused;
                });
        apply(new ReviewCampaignStarted(c.eventId(), c.campaignId(), c.name().strip(),
                c.scope() == null ? new ReviewScope(null, null, null, null, false, null) : c.scope(),
                c.reviewerKind(), c.reviewerGroup(), c.endsAt(), reminders, c.nonResponse(),
                c.nonResponse() == NonResponsePolicy.ESCALATE ? c.escalationPeriod() : null, c.startedBy(), c.at()));
    }

    /** Counts as the items' outcomes tell them; the watch closes a campaign only when every item has one. */
    public record CloseCampaign(@TargetAggregateIdentifier String campaignId, long items, long certified, long revoked,
            long revokedUnanswered, long keptFlagged, EventId eventId, Instant at) {
    }

    @CommandHandler
    public void handle(CloseCampaign c) {
        if (closed) {
            return;
        }
        apply(new ReviewCampaignClosed(c.eventId(), campaignId, c.items(), c.certified(), c.revoked(),
                c.revokedUnanswered(), c.keptFlagged(), c.at()));
    }

    @EventSourcingHandler
    void on(ReviewCampaignStarted e) {
        campaignId = e.campaignId();
    }

    @EventSourcingHandler
    void on(ReviewCampaignClosed e) {
        closed = true;
    }
}
