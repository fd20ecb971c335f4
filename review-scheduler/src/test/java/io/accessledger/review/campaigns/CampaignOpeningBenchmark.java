package io.accessledger.review.campaigns;

import static io.accessledger.review.ReviewServiceFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.review.ReviewServiceFixture;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The campaign-opening benchmark (docs/BENCHMARKS.md, "Opening a review campaign"): {@code -Dbench.grants} active
 * grants (default 20,000) are seeded by set-based SQL into the tables {@code GrantHistoryView} really reads (grants,
 * their approvals, their holders with a manager each), on the service's real embedded PostgreSQL; then a campaign over
 * them is started over HTTP as a compliance officer does. Measured: the start until the campaign is visible and a
 * reviewer has their first page (the campaign's snapshot, nothing announced yet), the campaign's progress, a decision
 * on an item not announced yet, and apart the real {@link CampaignOpener} announcing items in the background (every
 * item an Axon aggregate and its {@code AccessReviewRequested}, projected into {@code review_item}). Not part of the
 * test suite (not named {@code *Test}); run by {@code review-scheduler/bench-campaign-opening.sh}. Writes
 * {@code target/bench-campaign-opening.md}.
 */
class CampaignOpeningBenchmark {
    private static final Instant NOW = Instant.parse("2026-11-02T09:00:00Z");
    /** Before the campaign's start (the service's clock), so every seeded grant is in its snapshot. */
    private static final Instant GRANTED_AT = NOW.minus(Duration.ofDays(1));
    private static final EmployeeId OFFICER = EmployeeId.of("E9000");
    private static final int HOLDERS_PER_MANAGER = 8;
    /** Manages holders 1 to 7 (holder {@code h}'s manager is {@code EM(h / 8 + 1)}). */
    private static final EmployeeId REVIEWER = EmployeeId.of("EM1");
    /** The GROUP campaign's reviewers' role, and one of them (no grant of their own). */
    private static final String GROUP = "LEDGER-REVIEWERS";
    private static final EmployeeId GROUP_MEMBER = EmployeeId.of("E9100");
    /** The probe's scope: {@code GrantHistoryView.inScope}'s filter for a campaign over one resource. */
    private static final String SCOPE = """
            from review_grant g
            left join review_approval a on a.request_id = g.request_id
            left join review_person p on p.employee_id = g.employee_id
            left join review_grant_review v on v.grant_id = g.grant_id
            where not exists (select 1 from review_grant_ended e where e.grant_id = g.grant_id)
              and v.revocation_requested_at is null
              and g.resource_id = any(array['bench-ledger'])""";

    @Test
    void opensACampaignOverTheSeededGrants() throws IOException, InterruptedException {
        int grants = Integer.getInteger("bench.grants", 20_000);
        try (ReviewServiceFixture service = ReviewServiceFixture.start("bench_campaign_opening", NOW)) {
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            long seedStart = System.nanoTime();
            seed(jdbc, grants);
            long seeded = System.nanoTime() - seedStart;
            if (Boolean.getBoolean("bench.probe")) {
                probeSetBasedOpening(jdbc, grants, seeded);
                return;
            }

            long start = System.nanoTime();
            String campaign = startedAndVisible(service, """
                    {"name": "Benchmark", "scope": {"resourceIds": ["bench-ledger"]}, "reviewerKind": "MANAGER",
                     "duration": "P14D", "remindBefore": ["P1D"], "nonResponse": "KEEP_FLAGGED"}""");
            long visible = System.nanoTime();
            String page = "/api/v1/reviews/items?campaignId=" + campaign + "&size=50";
            HttpResponse<String> mine = service.http("GET", page, REVIEWER, null, "EMPLOYEE");
            long listed = System.nanoTime();
            JsonNode first = json(mine.body());
            if (mine.statusCode() != 200 || first.get("items").size() != HOLDERS_PER_MANAGER - 1) {
                throw new IllegalStateException("the reviewer's first page: " + mine.statusCode() + " " + mine.body());
            }
            HttpResponse<String> progress = service.http("GET", "/api/v1/reviews/campaigns/" + campaign, OFFICER,
                    null, "COMPLIANCE");
            long progressEnd = System.nanoTime();
            String item = first.at("/items/0/itemId").asText();
            HttpResponse<String> decided = service.http("POST", "/api/v1/reviews/items/" + item + "/decision",
                    REVIEWER, "{\"decision\": \"CERTIFY\"}", "EMPLOYEE");
            long decisionEnd = System.nanoTime();
            if (decided.statusCode() != 200) {
                throw new IllegalStateException("the decision: " + decided.statusCode() + " " + decided.body());
            }

            // a GROUP campaign over the same grants: its group's page is the whole snapshot, soonest due first
            String groupCampaign = startedAndVisible(service, """
                    {"name": "Benchmark (group)", "scope": {"resourceIds": ["bench-ledger"]}, "reviewerKind": "GROUP",
                     "reviewerGroup": "%s", "duration": "P14D", "remindBefore": ["P1D"],
                     "nonResponse": "KEEP_FLAGGED"}""".formatted(GROUP));
            String other = first.at("/items/1/itemId").asText();
            EmployeeId holder = EmployeeId.of(first.at("/items/1/holder").asText());
            Lookups unindexed = lookups(service, jdbc, campaign, groupCampaign, other, holder);
            long countStart = System.nanoTime();
            service.bean(CampaignOpener.class).count();
            long counted = System.nanoTime() - countStart;
            Lookups indexed = lookups(service, jdbc, campaign, groupCampaign, other, holder);

            int announceAll = Integer.getInteger("bench.announce-all-up-to", 20_000);
            long announceSeconds = Long.getLong("bench.announce-seconds", 120);
            long announceStart = System.nanoTime();
            String announcer;
            if (grants <= announceAll) {
                service.bean(CampaignOpener.class).open();
                long run = System.nanoTime() - announceStart;
                long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
                while (count(jdbc, campaign) < grants && System.nanoTime() < deadline) {
                    pause();
                }
                long took = System.nanoTime() - announceStart;
                announcer = ("all %,d items announced and projected in %.1f s (%,.0f items/s); the announcer's run"
                        + " (its commands committed) %.1f s (%,.0f items/s)").formatted(count(jdbc, campaign),
                        took / 1e9, grants / (took / 1e9), run / 1e9, grants / (run / 1e9));
            } else {
                Thread run = new Thread(() -> service.bean(CampaignOpener.class).open(), "bench-announcer");
                run.setDaemon(true);
                run.start();
                Thread.sleep(Duration.ofSeconds(announceSeconds).toMillis());
                long announced = count(jdbc, campaign);
                long took = System.nanoTime() - announceStart;
                Long total = jdbc.queryForObject("select total from campaign_opening where campaign_id = ?",
                        Long.class, campaign);
                announcer = ("%,d items announced and projected in the first %.0f s (%,.0f items/s; snapshot"
                        + " counted: %s)").formatted(announced, took / 1e9, announced / (took / 1e9), total);
            }
            String report = """
                    # Campaign opening benchmark (snapshot)

                    | | |
                    |---|---:|
                    | grants in scope | %,d |
                    | seeding (SQL, setup, not measured) | %.1f s |
                    | start until the campaign is visible (`GET /api/v1/reviews/campaigns/{id}` 200) | %.2f s |
                    | then a reviewer's first page (`GET /api/v1/reviews/items?campaignId=…&size=50`, %d items of %d, %,d bytes) | %.0f ms |
                    | **start until the campaign is open and its reviewer has their first page** | **%.2f s** |
                    | the campaign's progress (`GET /api/v1/reviews/campaigns/{id}`, HTTP %d) | %.0f ms |
                    | a decision on an item not announced yet (found in the snapshot, announced, decided; HTTP %d) | %.0f ms |
                    | announcer (background) | %s |

                    ### The pages and lookups that read the snapshot (per call: rows read of the review tables by `pg_stat_user_tables`; buffers, statements and their execution time by `pg_stat_statements`)

                    | call | before the announcer's count | after it |
                    |---|---:|---:|
                    %s

                    The announcer's count of both campaigns' snapshots (its first step, before any page): %.1f s.
                    """.formatted(grants, seeded / 1e9, (visible - start) / 1e9, first.get("items").size(),
                    first.get("total").asLong(), mine.body().length(), (listed - visible) / 1e6,
                    (listed - start) / 1e9, progress.statusCode(), (progressEnd - listed) / 1e6,
                    decided.statusCode(), (decisionEnd - progressEnd) / 1e6, announcer,
                    unindexed.rows(indexed), counted / 1e9);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/bench-campaign-opening.md"), report);
            System.out.println(String.format(Locale.ROOT, "%s", report));
        }
    }

    /** Starts a campaign over HTTP as the compliance officer and waits until it is visible; its id. */
    private static String startedAndVisible(ReviewServiceFixture service, String body) {
        HttpResponse<String> started = service.http("POST", "/api/v1/reviews/campaigns", OFFICER, body, "COMPLIANCE");
        if (started.statusCode() != 202) {
            throw new IllegalStateException(started.body());
        }
        String campaign = json(started.body()).get("campaignId").asText();
        while (service.http("GET", "/api/v1/reviews/campaigns/" + campaign, OFFICER, null, "COMPLIANCE")
                .statusCode() != 200) {
            pause();
        }
        return campaign;
    }

    /**
     * One call's answer, its wall time, what PostgreSQL read for it in the review tables (rows: their statistics), and
     * its statements' buffers and execution time ({@code pg_stat_statements}, when the server loads it).
     */
    private record Measured(int status, double millis, long rows, long buffers, long statements, double sqlMillis) {
        String cell() {
            return "HTTP %d, %.0f ms; %,d rows read; %,d buffers in %d statements, %.1f ms".formatted(status,
                    millis, rows, buffers, statements, sqlMillis);
        }
    }

    /**
     * The GROUP member's first page, the fallback queue's page of the MANAGER campaign (empty: every holder has a
     * manager), an oversight role's look at an unannounced item, and its holder's.
     */
    private record Lookups(Measured groupPage, Measured queuePage, Measured oversight, Measured holder) {
        String rows(Lookups after) {
            return String.join("\n", "| a GROUP member's first page (50 of the whole snapshot) | " + groupPage.cell()
                    + " | " + after.groupPage.cell() + " |",
                    "| an `IAM` member's page of the MANAGER campaign (its fallback queue: none) | " + queuePage.cell()
                            + " | " + after.queuePage.cell() + " |",
                    "| `GET /api/v1/reviews/items/{id}` of an unannounced item by COMPLIANCE | " + oversight.cell()
                            + " | " + after.oversight.cell() + " |",
                    "| the same by its holder (403) | " + holder.cell() + " | " + after.holder.cell() + " |");
        }
    }

    private static Lookups lookups(ReviewServiceFixture service, JdbcTemplate jdbc, String managerCampaign,
            String groupCampaign, String item, EmployeeId holder) throws InterruptedException {
        Measured page = measured(jdbc, () -> service.http("GET", "/api/v1/reviews/items?campaignId=" + groupCampaign
                + "&size=50", GROUP_MEMBER, null, "EMPLOYEE", GROUP), 200);
        Measured queue = measured(jdbc, () -> service.http("GET", "/api/v1/reviews/items?campaignId="
                + managerCampaign + "&size=50", GROUP_MEMBER, null, "EMPLOYEE", "IAM"), 200);
        Measured oversight = measured(jdbc, () -> service.http("GET", "/api/v1/reviews/items/" + item, OFFICER, null,
                "COMPLIANCE"), 200);
        Measured own = measured(jdbc, () -> service.http("GET", "/api/v1/reviews/items/" + item, holder, null,
                "EMPLOYEE"), 403);
        return new Lookups(page, queue, oversight, own);
    }

    /**
     * One call, timed, with the rows the review tables' statistics gained meanwhile (each backend reports its
     * statistics when idle, at most once a second and otherwise 10 s later, so they are read after 11 s of quiet on
     * each side; nothing else reads these tables then: the announcer has not run yet), and the buffers and execution
     * time of the statements on the review tables ({@code pg_stat_statements}, reset before the call; zero without it).
     */
    private static Measured measured(JdbcTemplate jdbc, java.util.function.Supplier<HttpResponse<String>> call,
            int expected) throws InterruptedException {
        boolean statements = jdbc.queryForObject("select count(*) from pg_available_extensions"
                + " where name = 'pg_stat_statements'", Long.class) > 0 && jdbc.queryForObject(
                        "select current_setting('shared_preload_libraries') like '%pg_stat_statements%'",
                        Boolean.class);
        if (statements) {
            jdbc.execute("create extension if not exists pg_stat_statements");
        }
        Thread.sleep(11_000);
        long rowsBefore = rowsRead(jdbc);
        if (statements) {
            jdbc.execute("select pg_stat_statements_reset()");
        }
        long start = System.nanoTime();
        HttpResponse<String> response = call.get();
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        Object[] sql = statements ? jdbc.queryForObject("""
                select coalesce(sum(shared_blks_hit + shared_blks_read + local_blks_hit + local_blks_read
                        + temp_blks_read), 0), coalesce(sum(calls), 0), coalesce(sum(total_exec_time), 0)
                from pg_stat_statements where query like '%review\\_%' and query not like '%pg_stat%'""",
                (row, n) -> new Object[] {row.getLong(1), row.getLong(2), row.getDouble(3)})
                : new Object[] {0L, 0L, 0.0};
        Thread.sleep(11_000);
        return new Measured(response.statusCode(), millis, rowsRead(jdbc) - rowsBefore, (long) sql[0],
                (long) sql[1], (double) sql[2]);
    }

    private static long rowsRead(JdbcTemplate jdbc) {
        return jdbc.queryForObject("""
                select coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0) from pg_stat_user_tables
                where relname like 'review\\_%' or relname = 'campaign_opening'""", Long.class);
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
                    'bench-ledger:read', 'bench-ledger', ?::timestamptz, ?::timestamptz + interval '90 days'
                from generate_series(1, ?) g""", Timestamp.from(GRANTED_AT), Timestamp.from(GRANTED_AT), grants);
        jdbc.execute("analyze");
    }

    /**
     * A feasibility probe of a set-based opening, NOT the service's path (which is measured above): the statement that
     * would fix a MANAGER campaign's item set in one {@code insert … select} from the same grant history, with
     * {@code CampaignOpener.itemIdOf}'s name-based ids computed in SQL (UUID v3 of md5, as
     * {@code UUID.nameUUIDFromBytes}) and {@code ReviewRules.assignReviewer}'s MANAGER rule as a {@code case}, into a
     * copy of {@code review_item} with all its indexes. Checks that the SQL ids equal the Java ones.
     */
    private static void probeSetBasedOpening(JdbcTemplate jdbc, int grants, long seeded) throws IOException {
        String campaign = "C-probe";
        long scanStart = System.nanoTime();
        long scanned = jdbc.queryForObject("select count(*) " + SCOPE, Long.class);
        long scan = System.nanoTime() - scanStart;
        jdbc.execute("""
                create table probe_set (campaign_id varchar(64), grant_id varchar(64), reviewer_id varchar(64),
                    primary key (campaign_id, grant_id))""");
        long leanStart = System.nanoTime();
        jdbc.update("insert into probe_set select ?, g.grant_id, case when p.manager_id <> g.employee_id"
                + " then p.manager_id end " + SCOPE, campaign);
        long lean = System.nanoTime() - leanStart;
        jdbc.execute("create table probe_item (like review_item including all)");
        long start = System.nanoTime();
        int inserted = jdbc.update("""
                insert into probe_item (item_id, campaign_id, grant_id, request_id, employee_id, entitlement,
                    reviewer_id, reviewer_group, reviewer_approved_it, due_at, requested_at)
                select 'RI-' || substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-3' || substr(h, 14, 3) || '-'
                        || to_hex((('x' || substr(h, 17, 1))::bit(4)::int & 3) | 8) || substr(h, 18, 3) || '-'
                        || substr(h, 21, 12),
                    ?, grant_id, request_id, employee_id, entitlement, reviewer, case when reviewer is null
                    then 'IAM' end, coalesce(reviewer = any(approved_by), false), now() + interval '14 days', now()
                from (select md5(convert_to('review-item:' || ? || '/' || g.grant_id, 'UTF8')) h, g.grant_id,
                        g.request_id, g.employee_id, g.entitlement, a.approved_by,
                        case when p.manager_id is null or p.manager_id = g.employee_id then null
                            else p.manager_id end reviewer
""" + SCOPE + ") s", campaign, campaign);
        long took = System.nanoTime() - start;
        for (String grant : jdbc.queryForList("select grant_id from probe_item order by random() limit 20",
                String.class)) {
            String expected = CampaignOpener.itemIdOf(campaign, GrantId.of(grant));
            String actual = jdbc.queryForObject("select item_id from probe_item where grant_id = ?", String.class,
                    grant);
            if (!expected.equals(actual)) {
                throw new IllegalStateException(grant + ": SQL id " + actual + " is not " + expected);
            }
        }
        String report = """
                # Set-based opening probe (not the service's path)

                | | |
                |---|---:|
                | grants in scope | %,d |
                | items inserted | %,d |
                | seeding (SQL, setup) | %.1f s |
                | the scope's scan and joins alone (`select count(*)`, %,d rows) | %.1f s |
                | `insert … select` of (campaign, grant, reviewer) into a table with only its primary key | %.1f s |
                | `insert … select` of full `review_item` rows (SQL ids, reviewers, its 7 indexes) | %.1f s |
                """.formatted(grants, inserted, seeded / 1e9, scanned, scan / 1e9, lean / 1e9, took / 1e9);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/bench-campaign-opening-probe.md"), report);
        System.out.println(report);
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
