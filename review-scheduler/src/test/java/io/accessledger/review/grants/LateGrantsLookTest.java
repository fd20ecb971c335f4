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
        announced(CAMPAIGN, 100_002);
        jdbc.execute("analyze");

        GrantHistoryView.Narrowing gained = catchUpsLook(CAMPAIGN, count);
        assertThat(grants.inScope(CAMPAIGN.scope(), T, gained, "", 500))
                .extracting(grant -> grant.grantId().value()).containsExactly("G-00100001", "G-00100003");
        assertThat(grants.inScope(CAMPAIGN.scope(), T, gained, "G-00100001", 500))
                .extracting(grant -> grant.grantId().value()).containsExactly("G-00100003");
        assertThat(plan(snapshot, gained)).contains("review_grant_projected").doesNotContain("Seq Scan on review_grant g");
    }

    @Test
    void theCatchUpAlsoFindsTheGrantsWhoseApprovalHolderOrReviewChangedSinceKeptOrNotReadingEachTablesIndex() {
        Campaign due = new Campaign("C-late-due", "Due", new ReviewScope(List.of("ledger"), List.of(), List.of(),
                "Finance", false, T.plus(Duration.ofDays(100))), ReviewerKind.MANAGER, null,
                T.plus(Duration.ofDays(14)), List.of(Duration.ofDays(1)), NonResponsePolicy.KEEP_FLAGGED, null, null, T,
                null);
        grants(1, 100_000);
        jdbc.update("delete from review_person where employee_id in ('EH50', 'EH80')");
        Timestamp dayAgo = Timestamp.from(Instant.now().minus(Duration.ofDays(1)));
        for (String table : List.of("review_grant", "review_approval", "review_person")) {
            jdbc.update("update " + table + " set projected_at = ?", dayAgo);
        }
        // every grant reviewed before, settled long ago; twenty under review again at the count
        jdbc.update("""
                insert into review_grant_review (grant_id, last_requested_at, last_settled_at, projected_at)
                select 'G-' || lpad(g::text, 8, '0'), case when g between 60 and 79 then ?::timestamptz
                    else ?::timestamptz end, ?::timestamptz, ?::timestamptz
                from generate_series(1, 100000) g""", Timestamp.from(T.minus(Duration.ofHours(1))),
                Timestamp.from(T.minus(Duration.ofDays(100))), Timestamp.from(T.minus(Duration.ofDays(99))), dayAgo);
        GrantHistoryView.Snapshot snapshot = grants.snapshot(due.scope(), T);
        assertThat(new ReviewItemsView(jdbc).keepItemIds(due, snapshot)).as("all but 2 holders unknown, 20 under review")
                .isEqualTo(99_978);
        Instant count = Instant.now();
        // after the count: two holders' rows projected (one of them announced since), one grant's approval, and the
        // reviews of two grants under review at the count settled; a kept grant's holder moved out and back in; a kept
        // grant's row projected around the count (within the look back)
        jdbc.update("""
                insert into review_person (employee_id, name, manager_id, department, status, updated_at,
                    projected_at)
                values ('EH50', 'Holder 50', 'EM7', 'Finance', 'ACTIVE', now(), now()),
                       ('EH80', 'Holder 80', 'EM11', 'Finance', 'ACTIVE', now(), now())""");
        jdbc.update("update review_person set projected_at = now() where employee_id = 'EH40'");
        jdbc.update("update review_grant set projected_at = now() where grant_id = 'G-00000090'");
        jdbc.update("update review_approval set projected_at = now() where request_id = 'R-00000030'");
        jdbc.update("update review_grant_review set last_settled_at = ?, projected_at = now()"
                + " where grant_id in ('G-00000061', 'G-00000062')", Timestamp.from(T));
        announced(due, 80);
        jdbc.execute("analyze");

        GrantHistoryView.Narrowing gained = catchUpsLook(due, count);
        assertThat(grants.inScope(due.scope(), T, gained, "", 500)).extracting(grant -> grant.grantId().value())
                .as("the approval's grant (30), the moved-back holder's kept one (40), the new holder's (50), the"
                        + " settled reviews' (61, 62); not the announced one (80), nor one kept and projected"
                        + " since (90): the pass met it")
                .containsExactly("G-00000030", "G-00000040", "G-00000050", "G-00000061", "G-00000062");
        assertThat(plan(snapshot, gained)).contains("review_grant_projected", "review_approval_projected",
                "review_person_projected", "review_grant_review_projected").doesNotContain("Seq Scan on review_grant ",
                "Seq Scan on review_grant_review", "Seq Scan on review_person", "Seq Scan on review_approval");
    }

    /** What the catch-up of a campaign counted at {@code count} looks at (CampaignOpener's look back, 10 min). */
    private static GrantHistoryView.Narrowing catchUpsLook(Campaign campaign, Instant count) {
        return GrantHistoryView.changedSince(campaign.scope(), count.minus(Duration.ofMinutes(10)),
                ReviewItemsView.notKept(campaign.campaignId()))
                .and(ReviewItemsView.notAnnounced(campaign.campaignId()));
    }

    /** Grant {@code n}'s item of the campaign announced (its row in the review items' view). */
    private void announced(Campaign campaign, int n) {
        jdbc.update("""
                insert into review_item (item_id, campaign_id, grant_id, request_id, employee_id, entitlement,
                    reviewer_id, reviewer_approved_it, due_at, requested_at)
                values ('RI-announced', ?, ?, ?, ?, 'ledger:read', ?, false, now(), now())""", campaign.campaignId(),
                "G-%08d".formatted(n), "R-%08d".formatted(n), "EH" + n, "EM" + (n / 8 + 1));
    }

    /** The plan of the catch-up's first page. */
    private String plan(GrantHistoryView.Snapshot snapshot, GrantHistoryView.Narrowing gained) {
        List<Object> args = new ArrayList<>(snapshot.args());
        args.addAll(gained.args());
        args.add("");
        args.add(500);
        return String.join("\n", jdbc.queryForList("explain " + GrantHistoryView.page(snapshot, gained),
                String.class, args.toArray()));
    }

    private void grants(int from, int to) {
        GrantRows.insert(jdbc, T.minus(Duration.ofDays(1)), from, to);
    }
}
