package io.accessledger.review.campaigns;

import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.review.grants.GrantHistoryView;
import io.accessledger.review.grants.GrantHistoryView.InScope;
import io.accessledger.review.items.ReviewItem;
import io.accessledger.review.items.ReviewItemsView;
import io.accessledger.review.items.ReviewItemsView.Campaign;
import io.accessledger.review.items.ReviewRules;
import io.accessledger.review.jobs.JobRuns;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The announcer: a campaign's items are its snapshot (the grants in its scope at its start,
 * {@link GrantHistoryView#snapshot}), listed and decided from the moment it starts; this job announces them in the
 * background (each item's aggregate and its {@code AccessReviewRequested}), a page of {@value #PAGE} grants at a time
 * (grant id order, the cursor kept in {@link CampaignOpeningStore}, which also keeps the snapshot's size counted when it
 * begins), so a campaign over millions of grants never holds them in memory. An item touched first (a decision, a
 * delegation) is announced by that touch with the same ids, so the announcer's command for it changes nothing. An item's id derives from the campaign and the grant, so a page opened again (a failure, a crash before the
 * cursor moved) opens nothing twice. A page with a failed item is not passed: the next run opens it again.
 */
@Component
public class CampaignOpener {
    static final int PAGE = 500;
    private final ReviewItemsView campaigns;
    private final GrantHistoryView grants;
    private final CampaignOpeningStore openings;
    private final CommandGateway commands;
    private final JobRuns jobs;
    private final Duration every;
    private final Clock clock;

    public CampaignOpener(ReviewItemsView campaigns, GrantHistoryView grants, CampaignOpeningStore openings,
            CommandGateway commands, JobRuns jobs,
            @Value("${accessledger.review.campaign-opening-every:PT1M}") Duration every, Clock clock) {
        this.campaigns = campaigns;
        this.grants = grants;
        this.openings = openings;
        this.commands = commands;
        this.jobs = jobs;
        this.every = every;
        this.clock = clock;
    }

    /** The timer of every instance fires; the run happens on one of them (the job's lease). */
    @Scheduled(fixedDelayString = "${accessledger.review.campaign-opening-every:PT1M}",
            initialDelayString = "${accessledger.review.campaign-opening-first-after:PT15S}")
    public void openOnOneInstance() {
        jobs.exclusively("campaign-opening", every, this::open);
    }

    /** One run: every open campaign whose items are not all opened gets the rest, page by page. */
    public void open() {
        for (Campaign campaign : campaigns.openCampaigns()) {
            CampaignOpeningStore.Opening opening = openings.of(campaign.campaignId());
            if (opening.total() == null && !opening.done()) {
                openings.counted(campaign.campaignId(), grants.snapshotSize(campaign.scope(), campaign.startedAt()));
            }
            String after = opening.afterGrantId();
            boolean done = opening.done();
            while (!done) {
                List<InScope> page = grants.inScope(campaign.scope(), campaign.startedAt(), after, PAGE);
                boolean all = true;
                for (InScope grant : page) {
                    all &= jobs.attempt("campaign-opening", grant.grantId().value(), () -> openItem(campaign, grant));
                }
                if (!all) {
                    break;
                }
                done = page.size() < PAGE;
                String from = after;
                after = page.isEmpty() ? after : page.get(page.size() - 1).grantId().value();
                openings.advance(campaign.campaignId(), from, after, page.size(), done);
            }
        }
    }

    private void openItem(Campaign campaign, InScope grant) {
        ReviewRules.Reviewer reviewer = ReviewRules.assignReviewer(campaign.reviewerKind(), campaign.reviewerGroup(),
                grant.holder(), grant.holdersManager(), grant.resourceOwner());
        String itemId = itemIdOf(campaign.campaignId(), grant);
        commands.sendAndWait(new ReviewItem.OpenReviewItem(itemId, campaign.campaignId(), grant.grantId(),
                grant.requestId(), grant.holder(), grant.entitlement(), reviewer.reviewerId(), reviewer.group(),
                campaign.endsAt(), ReviewRules.reviewerApprovedIt(reviewer, grant.approvedBy()),
                ReviewItemsView.requestedEventId(itemId), clock.instant()));
    }

    /** The same campaign and grant always give the same item. */
    static String itemIdOf(String campaignId, InScope grant) {
        return itemIdOf(campaignId, grant.grantId());
    }

    /** The same campaign and grant always give the same item, whoever opens it. */
    public static String itemIdOf(String campaignId, GrantId grantId) {
        return "RI-" + Ids.nameBased("review-item:" + campaignId + "/" + grantId.value());
    }
}
