package io.accessledger.review.campaigns;

import static io.accessledger.review.ReviewServiceFixture.json;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.review.ReviewServiceFixture;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The campaign-opening benchmark (docs/BENCHMARKS.md, "Opening a review campaign"): {@code -Dbench.grants} active
 * grants (default 20,000) are seeded by set-based SQL into the tables {@code GrantHistoryView} really reads (grants,
 * their approvals, their holders with a manager each), on the service's real embedded PostgreSQL; then a campaign over
 * them is started over HTTP as a compliance officer does, and the real {@link CampaignOpener} opens it. Measured: the
 * start until the campaign is visible, the opener's run (every item an Axon aggregate and its
 * {@code AccessReviewRequested} in the event store and the outbox), and the time until every item is in the reviewer
 * API's table ({@code review_item}, projected from the review topic). Not part of the test suite (not named
 * {@code *Test}); run by {@code review-scheduler/bench-campaign-opening.sh}. Writes
 * {@code target/bench-campaign-opening.md}.
 */
class CampaignOpeningBenchmark {
    private static final Instant NOW = Instant.parse("2026-11-02T09:00:00Z");
    private static final EmployeeId OFFICER = EmployeeId.of("E9000");
    private static final int HOLDERS_PER_MANAGER = 8;

    @Test
    void opensACampaignOverTheSeededGrants() throws IOException {
        int grants = Integer.getInteger("bench.grants", 20_000);
        try (ReviewServiceFixture service = ReviewServiceFixture.start("bench_campaign_opening", NOW)) {
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            long seedStart = System.nanoTime();
            seed(jdbc, grants);
            long seeded = System.nanoTime() - seedStart;

            long start = System.nanoTime();
            HttpResponse<String> started = service.http("POST", "/api/v1/reviews/campaigns", OFFICER, """
                    {"name": "Benchmark", "scope": {"resourceIds": ["bench-ledger"]}, "reviewerKind": "MANAGER",
                     "duration": "P14D", "remindBefore": ["P1D"], "nonResponse": "KEEP_FLAGGED"}""", "COMPLIANCE");
            if (started.statusCode() != 202) {
                throw new IllegalStateException(started.body());
            }
            String campaign = json(started.body()).get("campaignId").asText();
            while (service.http("GET", "/api/v1/reviews/campaigns/" + campaign, OFFICER, null, "COMPLIANCE")
                    .statusCode() != 200) {
                pause();
            }
            long visible = System.nanoTime();
            service.bean(CampaignOpener.class).open();
            long opened = System.nanoTime();
            long deadline = opened + Duration.ofHours(2).toNanos();
            while (count(jdbc, campaign) < grants && System.nanoTime() < deadline) {
                pause();
            }
            long listed = System.nanoTime();
            long items = count(jdbc, campaign);
            String report = """
                    # Campaign opening benchmark

                    | | |
                    |---|---:|
                    | grants in scope | %,d |
                    | items in the reviewer API at the end | %,d |
                    | seeding (SQL, setup, not measured) | %.1f s |
                    | start until the campaign is visible | %.2f s |
                    | opener run (aggregates + events) | %.1f s |
                    | opener rate | %,.0f items/s |
                    | opener end until every item listed | %.1f s |
                    | **start until every item listed** | **%.1f s** |
                    | extrapolated to 3,000,000 grants at the same rate | %.0f s |
                    """.formatted(grants, items, seeded / 1e9, (visible - start) / 1e9, (opened - visible) / 1e9,
                    grants / ((opened - visible) / 1e9), (listed - opened) / 1e9, (listed - start) / 1e9,
                    3_000_000 * ((listed - start) / 1e9) / grants);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/bench-campaign-opening.md"), report);
            System.out.println(String.format(Locale.ROOT, "%s", report));
            if (items != grants) {
                throw new IllegalStateException("only " + items + " of " + grants + " items listed");
            }
        }
    }

    /** Holders with a manager each, one approved request and one active grant per holder, all in one resource. */
    private static void seed(JdbcTemplate jdbc, int grants) {
        jdbc.update("""
                insert into review_person (employee_id, name, manager_id, department, status, updated_at)
                select 'EM' || m, 'Manager ' || m, null, 'Finance', 'ACTIVE', now()
                from generate_series(1, ? / ? + 1) m""", grants, HOLDERS_PER_MANAGER);
        jdbc.update("""
                insert into review_person (employee_id, name, manager_id, department, status, updated_at)
                select 'EH' || h, 'Holder ' || h, 'EM' || (h / ? + 1), 'Finance', 'ACTIVE', now()
                from generate_series(1, ?) h""", HOLDERS_PER_MANAGER, grants);
        jdbc.update("""
                insert into review_approval (request_id, resource_id, owner_id, sensitivity, approved_by, approved_at)
                select 'R-bench-' || lpad(g::text, 8, '0'), 'bench-ledger', 'EOWNER', 'HIGH',
                    array['EM' || (g / ? + 1)], now()
                from generate_series(1, ?) g""", HOLDERS_PER_MANAGER, grants);
        jdbc.update("""
                insert into review_grant (grant_id, request_id, employee_id, entitlement, resource_id, granted_at,
                    review_due_at)
                select 'G-bench-' || lpad(g::text, 8, '0'), 'R-bench-' || lpad(g::text, 8, '0'), 'EH' || g,
                    'bench-ledger:read', 'bench-ledger', now(), now() + interval '90 days'
                from generate_series(1, ?) g""", grants);
        jdbc.execute("analyze");
    }

    private static long count(JdbcTemplate jdbc, String campaign) {
        return jdbc.queryForObject("select count(*) from review_item where campaign_id = ?", Long.class, campaign);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
