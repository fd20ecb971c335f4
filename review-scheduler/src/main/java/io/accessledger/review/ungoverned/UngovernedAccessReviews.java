package io.accessledger.review.ungoverned;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.provisioning.UngovernedAccessDetected;
import io.accessledger.events.provisioning.UngovernedHandling;
import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewScope;
import io.accessledger.events.review.ReviewerKind;
import io.accessledger.review.campaigns.CampaignOpeningStore;
import io.accessledger.review.campaigns.ReviewCampaign;
import io.accessledger.review.grants.GrantHistoryView;
import io.accessledger.review.items.UngovernedAccessReview;
import io.accessledger.review.items.UngovernedRules;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Ungoverned access found by a reconciliation (handling REVIEW) goes before the resource's owner: a small automatic
 * campaign per reconciliation ({@link UngovernedRules#campaignIdOf}, RESOURCE_OWNER, {@code
 * accessledger.review.reconciliation-campaign-length}, non-response REVOKE: silence removes the member), opened apart
 * like a move's review, and an item per finding ({@link UngovernedRules#itemIdOf}). Campaign, item and event ids
 * derive from the reconciliation and the finding, so a redelivery, or a later run finding it again, opens nothing new.
 * A finding already under review in an earlier reconciliation's campaign opens neither an item nor, for it, a
 * campaign. Findings with handling REMOVE are provisioning-service's own.
 */
@Component
public class UngovernedAccessReviews implements EventConsumer {
    private final CausedCommands commands;
    private final CampaignOpeningStore openings;
    private final GrantHistoryView owners;
    private final Duration length;
    private final Clock clock;

    public UngovernedAccessReviews(CausedCommands commands, CampaignOpeningStore openings, GrantHistoryView owners,
            @Value("${accessledger.review.reconciliation-campaign-length:P14D}") Duration length, Clock clock) {
        this.commands = commands;
        this.openings = openings;
        this.owners = owners;
        this.length = length;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "ungoverned-access-reviews";
    }

    /**
     * Its effect lies in the handling transaction (the campaign openings are this service's table, the item and
     * campaign commands on its aggregates, whose handlers only apply events): its polls are applied whole, in one
     * transaction.
     */
    @Override
    public boolean effectInTransaction() {
        return true;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.PROVISIONING);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return UngovernedAccessDetected.class.isAssignableFrom(type);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof UngovernedAccessDetected d && d.handling() == UngovernedHandling.REVIEW) {
            open(d, envelope);
        }
    }

    private void open(UngovernedAccessDetected d, Envelope envelope) {
        String campaignId = UngovernedRules.campaignIdOf(d.reconciliationId());
        Instant now = clock.instant();
        Instant endsAt = now.plus(length);
        EmployeeId reviewer = UngovernedRules.reviewerOf(owners.ownerOf(d.entitlement().resourceId()).orElse(null),
                d.employeeId());
        String itemId = UngovernedRules.itemIdOf(d.findingId());
        Boolean ours = commands.send(new UngovernedAccessReview.OpenUngovernedReview(itemId, campaignId,
                d.findingId(), d.target(), d.entitlement(), d.group(), d.memberId(), d.userName(), d.employeeId(),
                reviewer, endsAt, EventId.of(Ids.nameBased(itemId + "/requested")), now), envelope);
        if (!Boolean.TRUE.equals(ours)) {
            return;
        }
        openings.openedApart(campaignId, 1);
        commands.send(new ReviewCampaign.StartCampaign(campaignId,
                "Ungoverned access found by reconciliation " + d.reconciliationId() + " of " + d.target(),
                new ReviewScope(List.of(d.entitlement().resourceId()), null, null, null, false, null),
                ReviewerKind.RESOURCE_OWNER, null, endsAt, List.of(Duration.ofDays(7), Duration.ofDays(1)),
                NonResponsePolicy.REVOKE, null, null, Set.of(),
                EventId.of(Ids.nameBased("reconciliation-campaign:" + campaignId)), now), envelope);
    }
}
