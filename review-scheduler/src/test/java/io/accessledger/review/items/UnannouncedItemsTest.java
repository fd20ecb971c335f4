package io.accessledger.review.items;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewCampaignClosed;
import io.accessledger.events.review.ReviewCampaignStarted;
import io.accessledger.events.review.ReviewScope;
import io.accessledger.events.review.ReviewerKind;
import io.accessledger.review.campaigns.CampaignOpener;
import io.accessledger.review.grants.GrantHistoryView;
import io.accessledger.review.grants.GrantRows;
import io.accessledger.review.items.ReviewItemsView.Announcing;
import io.accessledger.review.items.ReviewItemsView.Campaign;
import io.accessledger.spine.testing.SchemaVersions;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The items of a snapshot not announced yet. The look at one by someone who is not its reviewer (an oversight role,
 * the holder): once the announcer has counted the campaign and kept its items' ids, it reads the one grant by its key,
 * whether the tables have statistics or not, and answers what the look through the whole snapshot answers
 * (docs/BENCHMARKS.md, "Opening a review campaign": it computed the id of every item of the snapshot). The fallback
 * queue's page: the items nobody is assigned and the member's own, as the assignment rule gives them.
 */
class UnannouncedItemsTest {
    private static final String SERVICE = "review-scheduler";
    private static final Instant T = Instant.parse("2026-11-02T09:00:00Z");
    private static final EmployeeId OFFICER = EmployeeId.of("E9000");
    private static final Set<String> COMPLIANCE = Set.of("COMPLIANCE");
    private static final Campaign CAMPAIGN = new Campaign("C-lookup", "Lookup", new ReviewScope(List.of("ledger"),
            List.of(), List.of(), null, false, null), ReviewerKind.MANAGER, null, T.plus(Duration.ofDays(14)),
            List.of(Duration.ofDays(1)), NonResponsePolicy.KEEP_FLAGGED, null, OFFICER, T, null);

    private JdbcTemplate jdbc;
    private ReviewItemsView view;
    private GrantHistoryView.Snapshot snapshot;

    @BeforeEach
    void schema() {
        jdbc = new JdbcTemplate(new DriverManagerDataSource(
                SchemaVersions.databaseAt(SERVICE, SchemaVersions.latest(SERVICE)), "postgres", ""));
        view = new ReviewItemsView(jdbc);
        snapshot = new GrantHistoryView(jdbc).snapshot(CAMPAIGN.scope(), CAMPAIGN.startedAt());
    }

    @Test
    void aCountedCampaignsItemIsFoundByItsKeptIdReadingOneGrantBeforeAndAfterTheTablesAreAnalysed() {
        grants(1, 2_000);
        assertThat(view.keepItemIds(CAMPAIGN, snapshot)).isEqualTo(2_000);
        assertThat(jdbc.queryForList("select item, grant_id from review_snapshot_item order by grant_id limit 20"))
                .allSatisfy(row -> assertThat("RI-" + row.get("item")).isEqualTo(CampaignOpener.itemIdOf(
                        CAMPAIGN.campaignId(), GrantId.of((String) row.get("grant_id")))));

        assertFoundAsThroughTheSnapshot(itemOf(17), OFFICER, COMPLIANCE);
        assertFoundAsThroughTheSnapshot(itemOf(18), EmployeeId.of("EH18"), Set.of("EMPLOYEE"));
        assertThat(plan(itemOf(17))).contains("review_snapshot_item_pkey", "review_grant_pkey")
                .doesNotContain("Seq Scan on review_grant g", "Seq Scan on review_snapshot_item",
                        "Seq Scan on review_approval", "Seq Scan on review_person");

        grants(2_001, 100_000);
        // the other tables the look joins, as a service holds them: earlier campaigns' items, ended grants, reviews
        jdbc.update("""
                insert into review_item (item_id, campaign_id, grant_id, request_id, employee_id, entitlement,
                    reviewer_id, reviewer_approved_it, due_at, requested_at)
                select 'RI-old-' || g, 'C-old', 'G-' || lpad(g::text, 8, '0'), 'R-' || lpad(g::text, 8, '0'), 'EH' || g,
                    'ledger:read', 'EM1', false, now(), now()
                from generate_series(1, 100000) g""");
        jdbc.update("""
                insert into review_grant_review (grant_id, last_requested_at, last_settled_at)
                select 'G-' || lpad(g::text, 8, '0'), now(), now() from generate_series(1, 100000) g""");
        jdbc.update("""
                insert into review_grant_ended (grant_id, ended_at)
                select 'G-' || lpad(g::text, 8, '0'), now() from generate_series(90001, 100000) g""");
        jdbc.execute("analyze");

        assertFoundAsThroughTheSnapshot(itemOf(1_017), OFFICER, COMPLIANCE);
        assertThat(plan(itemOf(1_017))).contains("review_snapshot_item_pkey", "review_grant_pkey")
                .doesNotContain("Seq Scan");
    }

    @Test
    void anItemTheSnapshotGainedAfterTheCountIsFoundThroughTheSnapshotAndAnEndedOrAnnouncedOneNotAtAll() {
        grants(1, 100);
        view.keepItemIds(CAMPAIGN, snapshot);
        grants(101, 101);
        jdbc.update("insert into review_grant_ended (grant_id, ended_at) values ('G-00000007', ?)",
                Timestamp.from(T.plusSeconds(60)));
        jdbc.update("""
                insert into review_item (item_id, campaign_id, grant_id, request_id, employee_id, entitlement,
                    reviewer_id, reviewer_approved_it, due_at, requested_at)
                values (?, ?, 'G-00000008', 'R-00000008', 'EH8', 'ledger:read', 'EM2', false, ?, ?)""", itemOf(8),
                CAMPAIGN.campaignId(), Timestamp.from(CAMPAIGN.endsAt()), Timestamp.from(T.plusSeconds(60)));
        List<Announcing> counted = List.of(new Announcing(CAMPAIGN, snapshot, true));

        assertFoundAsThroughTheSnapshot(itemOf(101), OFFICER, COMPLIANCE);
        assertThat(view.unannounced(itemOf(7), counted, OFFICER, COMPLIANCE)).isEmpty();
        assertThat(view.unannounced(itemOf(8), counted, OFFICER, COMPLIANCE)).isEmpty();
        assertThat(view.unannounced("RI-" + UUID.randomUUID(), counted, OFFICER, COMPLIANCE)).isEmpty();
        assertThat(view.unannounced("RI-not-a-uuid", counted, OFFICER, COMPLIANCE)).isEmpty();
        assertThat(ReviewItemsView.keptItem("RI-" + itemOf(9).substring(3).toUpperCase())).isEmpty();
    }

    @Test
    void aClosedCampaignsKeptIdsAreDeletedByTheAnnouncerABatchAtATimeAndAnOpenOnesKept() {
        Campaign open = new Campaign("C-still-open", "Open", CAMPAIGN.scope(), ReviewerKind.MANAGER, null,
                CAMPAIGN.endsAt(), List.of(Duration.ofDays(1)), NonResponsePolicy.KEEP_FLAGGED, null, OFFICER, T, null);
        grants(1, 50);
        view.handle(new ReviewCampaignStarted(EventId.of(UUID.randomUUID().toString()), CAMPAIGN.campaignId(),
                CAMPAIGN.name(), CAMPAIGN.scope(), CAMPAIGN.reviewerKind(), null, CAMPAIGN.endsAt(),
                CAMPAIGN.remindBefore(), CAMPAIGN.nonResponse(), null, OFFICER, T), null);
        view.keepItemIds(CAMPAIGN, snapshot);
        view.keepItemIds(open, snapshot);

        view.handle(new ReviewCampaignClosed(EventId.of(UUID.randomUUID().toString()), CAMPAIGN.campaignId(), 50, 0, 0, 0, 50,
                T.plus(Duration.ofDays(15))), null);
        assertThat(keptIds(CAMPAIGN)).as("the close's projection leaves them to the announcer").isEqualTo(50);

        assertThat(view.forgetClosedCampaignsItemIds(20)).isEqualTo(20);
        assertThat(view.forgetClosedCampaignsItemIds(20)).isEqualTo(20);
        assertThat(view.forgetClosedCampaignsItemIds(20)).isEqualTo(10);
        assertThat(view.forgetClosedCampaignsItemIds(20)).isZero();
        assertThat(keptIds(CAMPAIGN)).isZero();
        assertThat(keptIds(open)).as("an open campaign's").isEqualTo(50);
    }

    private long keptIds(Campaign campaign) {
        return jdbc.queryForObject("select count(*) from review_snapshot_item where campaign_id = ?", Long.class,
                campaign.campaignId());
    }

    @Test
    void theFallbackQueuesPageListsTheItemsTheRuleGivesNobodyAndTheMembersOwnOfAManagerAndAnOwnerCampaign() {
        grants(1, 40);
        queueGrant("EQ1", "person", null, "EOWNER");
        queueGrant("EQ2", "person", "EQ2", "EQ2");
        queueGrant("EQ3", null, null, null);
        queueGrant("EQ4", "person", "EM1", null);
        ReviewItemsView.Filter all = new ReviewItemsView.Filter(null, "ALL", false);

        ReviewItemsView.Page managers = view.itemsFor(EmployeeId.of("EM1"), Set.of("EMPLOYEE", "IAM"), all, T, 0, 50,
                List.of(new Announcing(CAMPAIGN, snapshot, false)));

        assertThat(managers.total()).isEqualTo(11);
        assertThat(managers.items()).extracting(item -> item.grantId().value() + ":"
                + (item.reviewerId() == null ? null : item.reviewerId().value()) + ":" + item.reviewerGroup()).containsExactlyInAnyOrder("G-00000001:EM1:null", "G-00000002:EM1:null",
                        "G-00000003:EM1:null", "G-00000004:EM1:null", "G-00000005:EM1:null", "G-00000006:EM1:null",
                        "G-00000007:EM1:null", "G-EQ1:null:IAM", "G-EQ2:null:IAM", "G-EQ3:null:IAM",
                        "G-EQ4:EM1:null");

        Campaign owners = new Campaign("C-owners", "Owners", CAMPAIGN.scope(), ReviewerKind.RESOURCE_OWNER, null,
                CAMPAIGN.endsAt(), List.of(), NonResponsePolicy.KEEP_FLAGGED, null, OFFICER, T, null);
        ReviewItemsView.Page queue = view.itemsFor(EmployeeId.of("E9300"), Set.of("EMPLOYEE", "IAM"), all, T, 0, 50,
                List.of(new Announcing(owners, snapshot, false)));

        assertThat(queue.items()).extracting(item -> item.grantId().value() + ":" + item.reviewerGroup())
                .containsExactlyInAnyOrder("G-EQ2:IAM", "G-EQ3:IAM");
    }

    /**
     * A grant of resource {@code ledger} held by {@code holder} (with a row in the directory when {@code person}, under
     * {@code manager}), approved with {@code owner} as the resource's owner.
     */
    private void queueGrant(String holder, String person, String manager, String owner) {
        if (person != null) {
            jdbc.update("""
                    insert into review_person (employee_id, name, manager_id, department, status, updated_at)
                    values (?, ?, ?, 'Finance', 'ACTIVE', now())""", holder, holder, manager);
        }
        jdbc.update("""
                insert into review_approval (request_id, resource_id, owner_id, sensitivity, approved_by, approved_at)
                values (?, 'ledger', ?, 'HIGH', '{}', now())""", "R-" + holder, owner);
        jdbc.update("""
                insert into review_grant (grant_id, request_id, employee_id, entitlement, resource_id, granted_at,
                    review_due_at)
                values (?, ?, ?, 'ledger:read', 'ledger', ?, ?)""", "G-" + holder, "R-" + holder, holder,
                Timestamp.from(T.minus(Duration.ofDays(1))), Timestamp.from(T.plus(Duration.ofDays(89))));
    }

    /** The counted look finds the item, and finds it as the campaign's look through its whole snapshot does. */
    private void assertFoundAsThroughTheSnapshot(String itemId, EmployeeId caller, Set<String> roles) {
        Optional<ReviewItemsView.Item> counted = view.unannounced(itemId, List.of(new Announcing(CAMPAIGN, snapshot,
                true)), caller, roles);
        Optional<ReviewItemsView.Item> scanned = view.unannounced(itemId, List.of(new Announcing(CAMPAIGN, snapshot,
                false)), caller, roles);
        assertThat(counted).isPresent().isEqualTo(scanned);
        assertThat(counted.get().announced()).isFalse();
    }

    /** The counted look's plan. */
    private String plan(String itemId) {
        ReviewItemsView.Unannounced byId = ReviewItemsView.byKeptId(new Announcing(CAMPAIGN, snapshot, true),
                ReviewItemsView.keptItem(itemId).orElseThrow());
        List<Object> args = new ArrayList<>(byId.args());
        args.add(itemId);
        return String.join("\n", jdbc.queryForList("explain " + ReviewItemsView.lookup(byId), String.class,
                args.toArray()));
    }

    private static String itemOf(int grant) {
        return CampaignOpener.itemIdOf(CAMPAIGN.campaignId(), GrantId.of("G-%08d".formatted(grant)));
    }

    /** Grants {@code from} to {@code to} of resource {@code ledger}, granted before T, a holder each, 8 to a manager. */
    private void grants(int from, int to) {
        GrantRows.insert(jdbc, T.minus(Duration.ofDays(1)), from, to);
    }
}
