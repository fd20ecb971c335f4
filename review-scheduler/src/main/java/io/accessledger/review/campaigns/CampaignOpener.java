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
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The announcer: a campaign's items are its snapshot (the grants in its scope at its start,
 * {@link GrantHistoryView#snapshot}), listed and decided from the moment it starts; this job announces them in the
 * background (each item's aggregate and its {@code AccessReviewRequested}), a page of {@value #PAGE} grants at a time
 * (grant id order, the cursor kept in {@link CampaignOpeningStore}, which also keeps the snapshot's size counted when it
 * begins), so a campaign over millions of grants never holds them in memory. An item touched first (a decision, a
 * delegation) is announced by that touch with the same ids, so the announcer's command for it changes nothing. An item's id derives from the campaign and the grant, so a page opened again (a failure, a crash before the
 * cursor moved) opens nothing twice. A page with a failed item is not passed: the next run opens it again.
 *
 * <p>A page is opened in one database transaction with its cursor's move (its items' commands join it, as Axon's units
 * of work join a running Spring transaction): one commit for {@value #PAGE} items instead of one each, and a page is
 * either wholly opened and passed or not at all. If anything in it fails, the transaction rolls back and the page is
 * opened item by item as before, each in its own transaction, so one bad item holds back only itself. A first touch
 * of an item of a page being opened (a decision over HTTP) waits for the page's commit at most, then finds the item.
 * A page's transaction commits only within {@code accessledger.review.campaign-opening-page-limit} (20 s; its last
 * statement fails past it, and the page is then opened item by item), well within the outbox's gap timeout.
 */
@Component
public class CampaignOpener {
    static final int PAGE = 500;
    /** How many kept ids of closed campaigns one statement deletes ({@link ReviewItemsView#forgetClosedCampaignsItemIds}). */
    static final int FORGET = 10_000;
    /**
     * The longest a projection's transaction may run from its start (its rows' {@code projected_at}) to its commit:
     * a row committed after a catch-up's look (a grant, its approval, its holder, its review) was written at most this
     * long before the look began, so the next catch-up looks back this far. Far above a poll's transaction here (seconds); a grant looked at twice is
     * announced once (its item's id is the same, its aggregate exists).
     */
    static final Duration LONGEST_PROJECTION = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(CampaignOpener.class);
    private final ReviewItemsView campaigns;
    private final GrantHistoryView grants;
    private final CampaignOpeningStore openings;
    private final CommandGateway commands;
    private final JobRuns jobs;
    private final Duration every;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final TransactionTemplate counting;

    public CampaignOpener(ReviewItemsView campaigns, GrantHistoryView grants, CampaignOpeningStore openings,
            CommandGateway commands, JobRuns jobs,
            @Value("${accessledger.review.campaign-opening-every:PT1M}") Duration every, Clock clock,
            PlatformTransactionManager transactions,
            @Value("${accessledger.review.campaign-opening-page-limit:PT20S}") Duration pageLimit) {
        this.campaigns = campaigns;
        this.grants = grants;
        this.openings = openings;
        this.commands = commands;
        this.jobs = jobs;
        this.every = every;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactions);
        this.counting = new TransactionTemplate(transactions);
        // the longest a page's transaction may run before it is rolled back and the page opened item by item: far
        // below the 60 s after which the outbox skips a gap in the store's sequence (an event committed later would
        // not reach the topic; docs/ARCHITECTURE.md), and the longest a first touch of one of its items waits for it
        this.transactions.setTimeout((int) Math.max(1, pageLimit.toSeconds()));
    }

    /** The timer of every instance fires; the run happens on one of them (the job's lease). */
    @Scheduled(fixedDelayString = "${accessledger.review.campaign-opening-every:PT1M}",
            initialDelayString = "${accessledger.review.campaign-opening-first-after:PT15S}")
    public void openOnOneInstance() {
        jobs.exclusively("campaign-opening", every, this::open);
    }

    /**
     * One run: the kept ids of closed campaigns are deleted, every open campaign not counted yet is counted
     * ({@link #count}), then every open campaign whose items are not all opened gets the rest, page by page, and every
     * one whose pass is done its catch-up ({@link #catchUp}).
     */
    public void open() {
        int forgotten;
        do {
            forgotten = campaigns.forgetClosedCampaignsItemIds(FORGET);
        } while (forgotten == FORGET);
        count();
        for (Campaign campaign : campaigns.openCampaigns()) {
            CampaignOpeningStore.Opening opening = openings.of(campaign.campaignId());
            String after = opening.afterGrantId();
            boolean done = opening.done();
            while (!done) {
                List<InScope> page = grants.inScope(campaign.scope(), campaign.startedAt(), after, PAGE);
                boolean last = page.size() < PAGE;
                String from = after;
                String to = page.isEmpty() ? after : page.get(page.size() - 1).grantId().value();
                if (!openPage(campaign, page, () -> openings.advance(campaign.campaignId(), from, to, page.size(),
                        last))) {
                    break;
                }
                done = last;
                after = to;
            }
            if (done && opening.caughtUpFrom() != null) {
                catchUp(campaign, opening.caughtUpFrom());
            }
        }
    }

    /**
     * After its pass, a counted campaign's catch-up: the grants of its snapshot not announced
     * ({@link ReviewItemsView#notAnnounced}) among those that may have joined it since {@code caughtUpFrom} less
     * {@link #LONGEST_PROJECTION} ({@link GrantHistoryView#changedSince}: the grant projected since and not kept at
     * the count ({@link ReviewItemsView#notKept}: the pass met a kept one), or its approval, its holder or its review
     * projected or changed since, kept or not: a kept grant that left the live snapshot while the pass went by, under
     * review elsewhere, and came back), announced page by page in grant id order; then the next catch-up starts
     * from this one's start (the database's clock, read before its first look). The pass reads the live snapshot in
     * grant id order from a cursor, so a grant that joined it behind the cursor or after the pass (projected late, its
     * approval projected late, its holder moved into the scope's department, its review in another campaign settled)
     * was listed but never announced, and the campaign could close without its outcome. A page that fails is not
     * passed: the catch-up's start does not move, and the next run looks again.
     */
    private void catchUp(Campaign campaign, Instant caughtUpFrom) {
        Instant from = openings.databaseNow();
        GrantHistoryView.Narrowing gained = gainedSince(campaign, caughtUpFrom);
        String after = "";
        List<InScope> page;
        do {
            page = grants.inScope(campaign.scope(), campaign.startedAt(), gained, after, PAGE);
            List<String> itemIds = page.stream().map(grant -> itemIdOf(campaign.campaignId(), grant)).toList();
            if (!page.isEmpty() && !openPage(campaign, page,
                    () -> openings.announcedLate(campaign.campaignId(), itemIds))) {
                return;
            }
            after = page.isEmpty() ? after : page.get(page.size() - 1).grantId().value();
        } while (page.size() == PAGE);
        openings.caughtUp(campaign.campaignId(), from);
    }

    /**
     * Whether the catch-up has announced every grant that joined the campaign's snapshot since its last look, and the
     * review-items view has every item a catch-up announced (always, for a campaign not counted): a campaign closes
     * only then ({@link io.accessledger.review.items.ReviewWatch}), so a grant that joined it late is not left out of
     * it by a close that came before the announcer's next run, nor by a close while its item's event is on its way
     * (the look-back finds an announced grant only within {@link #LONGEST_PROJECTION} of its change: a review topic
     * lagging longer let the campaign close without the item).
     */
    public boolean caughtUp(Campaign campaign) {
        return openings.begun(campaign.campaignId()).map(CampaignOpeningStore.Opening::caughtUpFrom)
                .map(from -> grants.inScope(campaign.scope(), campaign.startedAt(), gainedSince(campaign, from), "", 1)
                        .isEmpty() && campaigns.notProjectedYet(openings.lateItems(campaign.campaignId())) == 0)
                .orElse(true);
    }

    /** What a catch-up from {@code caughtUpFrom} looks for: not announced, and may have joined since then. */
    private static GrantHistoryView.Narrowing gainedSince(Campaign campaign, Instant caughtUpFrom) {
        return GrantHistoryView.changedSince(campaign.scope(), caughtUpFrom.minus(LONGEST_PROJECTION),
                ReviewItemsView.notKept(campaign.campaignId())).and(ReviewItemsView.notAnnounced(campaign.campaignId()));
    }

    /**
     * The announcer's first step for each open campaign, before any campaign's pages (a campaign's pages take hours at
     * millions of items, and a campaign started meanwhile is counted at the next run all the same): its snapshot's size,
     * kept once, and its items' ids kept with it ({@link ReviewItemsView#keepItemIds}), in one transaction with no
     * page's time limit (a minute or two at millions of grants), so a count is recorded only with every id kept.
     */
    public void count() {
        for (Campaign campaign : campaigns.openCampaigns()) {
            CampaignOpeningStore.Opening opening = openings.of(campaign.campaignId());
            if (opening.total() == null && !opening.done()) {
                counting.executeWithoutResult(status -> openings.counted(campaign.campaignId(),
                        campaigns.keepItemIds(campaign, grants.snapshot(campaign.scope(), campaign.startedAt()))));
            }
        }
    }

    /**
     * Opens a page's items and then moves the cursor: in one transaction, or, if that fails, item by item (the cursor
     * moved only when every item went through). {@code true} if the page is passed.
     */
    private boolean openPage(Campaign campaign, List<InScope> page, Runnable advance) {
        try {
            transactions.executeWithoutResult(status -> {
                page.forEach(grant -> openItem(campaign, grant));
                advance.run();
            });
            return true;
        } catch (RuntimeException e) {
            log.info("campaign-opening: a page of {} of campaign {} failed in one transaction, opening it item by"
                    + " item: {}", page.size(), campaign.campaignId(), e.toString());
        }
        boolean all = true;
        for (InScope grant : page) {
            all &= jobs.attempt("campaign-opening", grant.grantId().value(), () -> openItem(campaign, grant));
        }
        if (all) {
            advance.run();
        }
        return all;
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
