package io.accessledger.review.items;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.review.campaigns.CampaignOpener;
import io.accessledger.review.campaigns.CampaignOpeningStore;
import io.accessledger.review.campaigns.ReviewCampaign;
import io.accessledger.review.grants.GrantHistoryView;
import io.accessledger.review.items.ReviewItemsView.Campaign;
import io.accessledger.review.items.ReviewItemsView.Counts;
import io.accessledger.review.items.ReviewItemsView.Open;
import io.accessledger.review.jobs.JobRuns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Non-response never passes silently: every minute (by the injected clock) it sends each campaign's reminders once
 * their time before the end has come, applies the campaign's non-response policy to every undecided item past its due
 * time (escalation, then revocation; or revocation; or kept flagged — each an event of the item), and closes a
 * campaign, with its counts, once all its items are opened (the grants its snapshot gained late too) and every one has
 * an outcome. Items are paged
 * ({@value #PAGE} at a time, keyset); a run fires on one instance at a time and each item is tried on its own
 * ({@link JobRuns}); the item aggregate ignores what no longer applies (a reminder already sent, silence before the
 * due time or after a decision), so a view lagging behind a command repeats nothing.
 */
@Component
public class ReviewWatch {
    static final int PAGE = 500;
    private static final String JOB = "review-watch";
    private final ReviewItemsView items;
    private final GrantHistoryView people;
    private final CampaignOpeningStore openings;
    private final CampaignOpener opener;
    private final CommandGateway commands;
    private final JobRuns jobs;
    private final Duration every;
    private final Clock clock;

    public ReviewWatch(ReviewItemsView items, GrantHistoryView people, CampaignOpeningStore openings,
            CampaignOpener opener, CommandGateway commands, JobRuns jobs,
            @Value("${accessledger.review.review-watch-every:PT1M}") Duration every, Clock clock) {
        this.items = items;
        this.people = people;
        this.openings = openings;
        this.opener = opener;
        this.commands = commands;
        this.jobs = jobs;
        this.every = every;
        this.clock = clock;
    }

    /** The timer of every instance fires; the run happens on one of them (the job's lease). */
    @Scheduled(fixedDelayString = "${accessledger.review.review-watch-every:PT1M}",
            initialDelayString = "${accessledger.review.review-watch-first-after:PT25S}")
    public void watchOnOneInstance() {
        jobs.exclusively(JOB, every, this::watch);
    }

    /** One run: reminders, then silence, then closing. */
    public void watch() {
        Instant now = clock.instant();
        List<Campaign> open = items.openCampaigns();
        open.forEach(campaign -> remind(campaign, now));
        applySilence(now, open);
        open.forEach(campaign -> closeIfSettled(campaign, now));
    }

    /** The {@code k}-th reminder goes out from {@code remindBefore[k-1]} before the end (the longest first). */
    private void remind(Campaign campaign, Instant now) {
        if (!now.isBefore(campaign.endsAt())) {
            return;
        }
        for (int k = 1; k <= campaign.remindBefore().size(); k++) {
            if (now.isBefore(campaign.endsAt().minus(campaign.remindBefore().get(k - 1)))) {
                return;
            }
            int reminder = k;
            String after = "";
            List<Open> page;
            do {
                page = items.toRemind(campaign.campaignId(), reminder, after, PAGE);
                for (Open item : page) {
                    EventId id = EventId.of(Ids.nameBased(item.itemId() + "/reminder/" + reminder));
                    Object remind = item.kind() == ReviewItemsView.Kind.UNGOVERNED
                            ? new UngovernedAccessReview.RemindUngovernedReview(item.itemId(), reminder, id, now)
                            : new ReviewItem.RemindReviewItem(item.itemId(), reminder, id, now);
                    jobs.attempt(JOB, item.itemId(), () -> commands.sendAndWait(remind));
                    after = item.itemId();
                }
            } while (page.size() == PAGE);
        }
    }

    private void applySilence(Instant now, List<Campaign> open) {
        Map<String, Campaign> campaigns = new HashMap<>();
        open.forEach(campaign -> campaigns.put(campaign.campaignId(), campaign));
        Instant afterDue = Instant.EPOCH;
        String afterItem = "";
        List<Open> page;
        do {
            page = items.overdue(now, afterDue, afterItem, PAGE);
            for (Open item : page) {
                Optional.ofNullable(campaigns.computeIfAbsent(item.campaignId(),
                        id -> items.campaign(id).orElse(null))).ifPresent(campaign ->
                        jobs.attempt(JOB, item.itemId(), () -> commands.sendAndWait(silence(item, campaign, now))));
                afterDue = item.dueAt();
                afterItem = item.itemId();
            }
        } while (page.size() == PAGE);
    }

    /** A grant's item gets the campaign's policy; an ungoverned one is removed (its campaign's policy, REVOKE). */
    private Object silence(Open item, Campaign campaign, Instant now) {
        if (item.kind() == ReviewItemsView.Kind.UNGOVERNED) {
            return new UngovernedAccessReview.ApplyUngovernedNonResponse(item.itemId(),
                    EventId.of(Ids.nameBased(item.itemId() + "/silence/" + item.dueAt())), now);
        }
        EmployeeId reviewersManager = item.reviewerId() == null ? null
                : people.managerOf(item.reviewerId()).orElse(null);
        return new ReviewItem.ApplyNonResponse(item.itemId(), campaign.nonResponse(), campaign.escalationPeriod(),
                reviewersManager, EventId.of(Ids.nameBased(item.itemId() + "/silence/" + item.dueAt())), now);
    }

    /**
     * Closed only when the opener is done, the view has every item it opened, each has an outcome, and no grant the
     * snapshot gained after the announcer's count waits for its catch-up ({@link CampaignOpener#caughtUp}).
     */
    private void closeIfSettled(Campaign campaign, Instant now) {
        Optional<Long> opened = openings.openedInAll(campaign.campaignId());
        if (opened.isEmpty()) {
            return;
        }
        Counts counts = items.counts(campaign.campaignId());
        if (counts.open() == 0 && counts.items() >= opened.get() && opener.caughtUp(campaign)) {
            jobs.attempt(JOB, campaign.campaignId(), () -> commands.sendAndWait(new ReviewCampaign.CloseCampaign(
                    campaign.campaignId(), counts.items(), counts.certified(), counts.revoked(),
                    counts.revokedUnanswered(), counts.keptFlagged(),
                    EventId.of(Ids.nameBased(campaign.campaignId() + "/closed")), now)));
        }
    }
}
