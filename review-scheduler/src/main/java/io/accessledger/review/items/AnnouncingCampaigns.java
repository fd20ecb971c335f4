package io.accessledger.review.items;

import io.accessledger.review.campaigns.CampaignOpeningStore;
import io.accessledger.review.grants.GrantHistoryView;
import io.accessledger.review.items.ReviewItemsView.Announcing;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The open campaigns whose announcer is not done yet, each with its snapshot (the grants in its scope at its start):
 * their items not yet announced are read from the snapshot, so a campaign's reviewers see all its items as soon as it
 * starts. A campaign whose items are opened apart (a move's, a reconciliation's) is done from the start.
 */
@Component
public class AnnouncingCampaigns {
    private final ReviewItemsView items;
    private final CampaignOpeningStore openings;
    private final GrantHistoryView grants;

    public AnnouncingCampaigns(ReviewItemsView items, CampaignOpeningStore openings, GrantHistoryView grants) {
        this.items = items;
        this.openings = openings;
        this.grants = grants;
    }

    public List<Announcing> now() {
        return items.openCampaigns().stream()
                .filter(campaign -> openings.openedInAll(campaign.campaignId()).isEmpty())
                .map(campaign -> new Announcing(campaign, grants.snapshot(campaign.scope(), campaign.startedAt())))
                .toList();
    }
}
