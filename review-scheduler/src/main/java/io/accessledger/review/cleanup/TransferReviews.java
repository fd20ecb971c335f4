package io.accessledger.review.cleanup;

import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewScope;
import io.accessledger.events.review.ReviewerKind;
import io.accessledger.review.campaigns.CampaignOpener;
import io.accessledger.review.campaigns.CampaignOpeningStore;
import io.accessledger.review.campaigns.ReviewCampaign;
import io.accessledger.review.cleanup.HeldGrantsView.HeldGrant;
import io.accessledger.review.cleanup.MoverStore.Move;
import io.accessledger.review.items.ReviewItem;
import io.accessledger.review.items.ReviewRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Micro-certification on change: the access a move keeps outside the new position's standard profile
 * ({@link MoverRules#reviewedOnMove}) is reviewed by the new manager, in a small automatic campaign of its own per move
 * ({@link MoverRules#transferCampaignId}). Its items are exactly those grants: the campaign's opening is recorded done
 * before it starts, so the opener never pages its scope, and its items are opened here. Campaign and item ids derive
 * from the move and the grant, so a transfer delivered again, or handled by two instances, opens everything once.
 */
@Component
public class TransferReviews {
    private static final Logger log = LoggerFactory.getLogger(TransferReviews.class);
    private final CommandGateway commands;
    private final CampaignOpeningStore openings;
    private final Duration length;
    private final Clock clock;

    public TransferReviews(CommandGateway commands, CampaignOpeningStore openings,
            @Value("${accessledger.review.transfer-campaign-length:P14D}") Duration length, Clock clock) {
        this.commands = commands;
        this.openings = openings;
        this.length = length;
        this.clock = clock;
    }

    /** The move's review campaign with an item per grant, each for the new manager (the IAM queue failing one). */
    public void open(Move move, List<HeldGrant> kept) {
        String campaignId = MoverRules.transferCampaignId(move.employeeId(), move.effectiveOn());
        Instant now = clock.instant();
        Instant endsAt = now.plus(length);
        openings.openedApart(campaignId, kept.size());
        commands.sendAndWait(new ReviewCampaign.StartCampaign(campaignId,
                "Access kept on the move of " + move.employeeId().value() + " on " + move.effectiveOn(),
                new ReviewScope(kept.stream().map(g -> g.entitlement().resourceId()).distinct().toList(), null, null,
                        move.department(), false, null),
                ReviewerKind.MANAGER, null, endsAt, List.of(Duration.ofDays(7), Duration.ofDays(1)),
                NonResponsePolicy.ESCALATE, Duration.ofDays(7), null, Set.of(),
                EventId.of(Ids.nameBased("transfer-campaign:" + campaignId)), now));
        ReviewRules.Reviewer reviewer = ReviewRules.assignReviewer(ReviewerKind.MANAGER, null, move.employeeId(),
                move.managerId(), null);
        for (HeldGrant grant : kept) {
            String itemId = CampaignOpener.itemIdOf(campaignId, grant.grantId());
            commands.sendAndWait(new ReviewItem.OpenReviewItem(itemId, campaignId, grant.grantId(), grant.requestId(),
                    move.employeeId(), grant.entitlement(), reviewer.reviewerId(), reviewer.group(), endsAt, false,
                    EventId.of(Ids.nameBased(itemId + "/requested")), now));
        }
        log.info("Mover {}: {} kept grant(s) outside the new profile put to review in {}", move.employeeId(),
                kept.size(), campaignId);
    }
}
