package io.accessledger.review.grants;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewScope;
import io.accessledger.events.review.ReviewerKind;
import io.accessledger.review.items.ReviewItemsView;
import io.accessledger.review.items.ReviewItemsView.Campaign;
import io.accessledger.spine.testing.SchemaVersions;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The announcer's catch-up look (CampaignOpener, after its pass): among a campaign's snapshot, the grants projected
 * since it last looked that are neither kept at the count nor announced — read through the index of when each grant
 * was projected, not the whole snapshot, which a campaign over millions of grants would scan at every run.
 */
class LateGrantsLookTest {
    private static final String SERVICE = "review-scheduler";
    private static final Instant T = Instant.parse("2026-11-02T09:00:00Z");
    private static final Campaign CAMPAIGN = new Campaign("C-late", "Late", new ReviewScope(List.of("ledger"),
            List.of(), List.of(), null, false, null), ReviewerKind.MANAGER, null, T.plus(Duration.ofDays(14)),
            List.of(Duration.ofDays(1)), NonResponsePolicy.KEEP_FLAGGED, null, EmployeeId.of("E9000"), T, null);

    private JdbcTemplate jdbc;
    private GrantHistoryView grants;

    @BeforeEach
    void schema() {
        jdbc = new JdbcTemplate(new DriverManagerDataSource(
                SchemaVersions.databaseAt(SERVICE, SchemaVersions.latest(SERVICE)), "postgres", ""));
        grants = new GrantHistoryView(jdbc);
    }

    @Test
    void theCatchUpFindsOnlyTheGrantsGainedAfterTheCountAndNotAnnouncedReadingTheRecentlyProjectedOnes() {
        grants(1, 100_000);
        jdbc.update("update review_grant set projected_at = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(1))));
        GrantHistoryView.Snapshot snapshot = grants.snapshot(CAMPAIGN.scope(), T);
        assertThat(new ReviewItemsView(jdbc).keepItemIds(CAMPAIGN, snapshot)).isEqualTo(100_000);
        Instant count = Instant.now();
        grants(100_001, 100_003); // projected after the count (their rows' projected_at: now())
        jdbc.update("""
                insert into review_item (item_id, campaign_id, grant_id, request_id, employee_id, entitlement,
                    reviewer_id, reviewer_approved_it, due_at, requested_at)
                values ('RI-announced', ?, 'G-00100002', 'R-00100002', 'EH100002', 'ledger:read', 'EM1', false, now(),
                    now())""", CAMPAIGN.campaignId());
        jdbc.execute("analyze");

        GrantHistoryView.Narrowing gained = GrantHistoryView.projectedSince(count.minus(Duration.ofMinutes(10)))
                .and(ReviewItemsView.gainedAfterCount(CAMPAIGN.campaignId()));
        assertThat(grants.inScope(CAMPAIGN.scope(), T, gained, "", 500))
                .extracting(grant -> grant.grantId().value()).containsExactly("G-00100001", "G-00100003");
        assertThat(grants.inScope(CAMPAIGN.scope(), T, gained, "G-00100001", 500))
                .extracting(grant -> grant.grantId().value()).containsExactly("G-00100003");

        List<Object> args = new ArrayList<>(snapshot.args());
        args.addAll(gained.args());
        args.add("");
        args.add(500);
        String plan = String.join("\n", jdbc.queryForList("explain " + GrantHistoryView.page(snapshot, gained),
                String.class, args.toArray()));
        assertThat(plan).contains("review_grant_projected").doesNotContain("Seq Scan on review_grant g");
    }

    private void grants(int from, int to) {
        GrantRows.insert(jdbc, T.minus(Duration.ofDays(1)), from, to);
    }
}
