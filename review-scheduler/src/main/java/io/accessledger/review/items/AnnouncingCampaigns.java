package io.accessledger.review.items;

import io.accessledger.review.campaigns.CampaignOpeningStore;
import io.accessledger.review.grants.GrantHistoryView;
import io.accessledger.review.items.ReviewItemsView.Announcing;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The open campaigns whose items are their snapshot (the grants in its scope at its start), each with it: their items
 * not yet announced (no {@code review_item} row yet) are read from the snapshot, so a campaign's reviewers see all its
 * items as soon as it starts, and still while the last announced ones are on their way from the review topic after the
 * announcer is done. A campaign whose items are opened apart (a move's, a reconciliation's) is done from the start
 * with no snapshot counted, and is not one of them.
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
        List<Announcing> announcing = new ArrayList<>();
        for (ReviewItemsView.Campaign campaign : items.openCampaigns()) {
            Optional<CampaignOpeningStore.Opening> opening = openings.begun(campaign.campaignId());
            if (opening.map(begun -> !begun.done() || begun.total() != null).orElse(true)) {
                announcing.add(new Announcing(campaign, grants.snapshot(campaign.scope(), campaign.startedAt()),
                        opening.map(begun -> begun.total() != null).orElse(false)));
            }
        }
        return announcing;
    }
}
