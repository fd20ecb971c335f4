package io.accessledger.review.campaigns;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far each campaign's opener got ({@code campaign_opening}): the last grant id of the last page opened, how many
 * items were opened, and whether the scope is exhausted. Operational state, not a read model: the opener's cursor.
 */
@Component
public class CampaignOpeningStore {
    private final JdbcTemplate jdbc;

    public CampaignOpeningStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Where a campaign's opening stands. {@code caughtUpFrom}: the grants that may have joined its snapshot from then
     * on (less {@link CampaignOpener#LONGEST_PROJECTION}; {@code GrantHistoryView.changedSince}) are looked at by its
     * next catch-up; set at the count, none for a campaign not counted.
     */
    public record Opening(String afterGrantId, long opened, boolean done, Long total, Instant caughtUpFrom) {
    }

    public Opening of(String campaignId) {
        jdbc.update("insert into campaign_opening (campaign_id) values (?) on conflict do nothing", campaignId);
        return begun(campaignId).orElseThrow();
    }

    /** Where a campaign's opening stands, if its announcer has begun. */
    public Optional<Opening> begun(String campaignId) {
        return jdbc.query("select after_grant_id, opened, done, total, caught_up_from from campaign_opening"
                + " where campaign_id = ?", (row, n) -> new Opening(row.getString(1), row.getLong(2),
                        row.getBoolean(3), row.getObject(4, Long.class), Optional.ofNullable(row.getTimestamp(5))
                                .map(Timestamp::toInstant).orElse(null)), campaignId).stream().findFirst();
    }

    /**
     * The size of the campaign's snapshot as the announcer counted it when it began (kept once), and its catch-up's
     * start: the count's transaction's start ({@code now()}), before it read the snapshot.
     */
    public void counted(String campaignId, long total) {
        jdbc.update("update campaign_opening set total = coalesce(total, ?),"
                + " caught_up_from = coalesce(caught_up_from, now()) where campaign_id = ?", total, campaignId);
    }

    /** The campaign's catch-up looked at every grant projected up to {@code from}: its next one starts there. */
    public void caughtUp(String campaignId, Instant from) {
        jdbc.update("update campaign_opening set caught_up_from = greatest(caught_up_from, ?) where campaign_id = ?",
                Timestamp.from(from), campaignId);
    }

    /** The database's clock now (the one {@code projected_at} is written by), not the transaction's start. */
    public Instant databaseNow() {
        return jdbc.queryForObject("select clock_timestamp()", Timestamp.class).toInstant();
    }

    /**
     * A page was opened in full: the cursor moves from {@code fromGrantId} past it; {@code done} when it was the scope's
     * last. Only from where the cursor stands, so a page opened twice at once (a run outside the lease) counts once.
     */
    public void advance(String campaignId, String fromGrantId, String afterGrantId, int opened, boolean done) {
        jdbc.update("update campaign_opening set after_grant_id = ?, opened = opened + ?, done = ?"
                + " where campaign_id = ? and after_grant_id = ? and not done", afterGrantId, opened, done,
                campaignId, fromGrantId);
    }

    /**
     * A campaign whose items are opened by whoever starts it (a move's review), not paged from its scope: its opening
     * is done with that many items. Recorded again (a redelivery) it keeps the larger count.
     */
    public void openedApart(String campaignId, long items) {
        jdbc.update("""
                insert into campaign_opening (campaign_id, opened, done) values (?, ?, true)
                on conflict (campaign_id) do update set opened = greatest(campaign_opening.opened, excluded.opened),
                    done = true""", campaignId, items);
    }

    /** The catch-up announced these items of the campaign (in the page's transaction; once each). */
    public void announcedLate(String campaignId, List<String> itemIds) {
        jdbc.batchUpdate("insert into campaign_late_item (campaign_id, item_id) values (?, ?) on conflict do nothing",
                itemIds.stream().map(itemId -> new Object[] {campaignId, itemId}).toList());
    }

    /** Every item the campaign's catch-ups announced (a few: what joined its snapshot after the count). */
    public List<String> lateItems(String campaignId) {
        return jdbc.queryForList("select item_id from campaign_late_item where campaign_id = ? order by item_id",
                String.class, campaignId);
    }

    /** How many items the campaign opened, once its opening is done; nothing while it is not. */
    public Optional<Long> openedInAll(String campaignId) {
        return jdbc.queryForList("select opened from campaign_opening where campaign_id = ? and done", Long.class,
                campaignId).stream().findFirst();
    }
}
