package io.accessledger.provisioning.grants;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.spine.testing.SchemaVersions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The connector worker's look for anything due reads the waiting rows only, not the queue's history (a finished grant
 * keeps its row, parked), whether the table has statistics or not, and so does its take on a large queue
 * (docs/BENCHMARKS.md, "End-to-end", "Eleventh round": the look was a scan of every grant ever opened, once a second
 * and before every poll). The take reads the due rows of its one target only, in due order ("Twelfth round").
 */
class ProvisioningQueueStoreTest {
    private static final String SERVICE = "provisioning-service";
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private JdbcTemplate jdbc;
    private ProvisioningQueueStore queue;

    @BeforeEach
    void schema() {
        jdbc = new JdbcTemplate(new DriverManagerDataSource(
                SchemaVersions.databaseAt(SERVICE, SchemaVersions.latest(SERVICE)), "postgres", ""));
        queue = new ProvisioningQueueStore(jdbc);
    }

    @Test
    void theLookReadsTheWaitingRowsOnlyUnanalysedAndAnalysedAndTheTakeOnALargeQueue() {
        parked(1, 1_000);
        waiting("G-due-2", "saas-scim", NOW.minusSeconds(2), null);
        waiting("G-due-1", "saas-scim", NOW.minusSeconds(5), null);
        waiting("G-due-okta", "okta-scim", NOW.minusSeconds(9), null);
        waiting("G-leased", "saas-scim", NOW.minusSeconds(20), NOW.plusSeconds(30));
        waiting("G-later", "saas-scim", NOW.plusSeconds(60), null);

        assertThat(plan(ProvisioningQueueStore.ANY_DUE, Timestamp.from(NOW), Timestamp.from(NOW)))
                .contains("provisioning_queue_waiting").doesNotContain("Seq Scan");
        assertThat(queue.anyDue(NOW)).isTrue();
        assertThat(queue.waitingTargets()).containsExactly("okta-scim", "saas-scim");
        assertThat(queue.take("w1", NOW, NOW.plusSeconds(30), 8, "saas-scim"))
                .extracting(ProvisioningQueueStore.DueCall::grantId).containsExactlyInAnyOrder("G-due-1", "G-due-2");
        assertThat(queue.take("w1", NOW, NOW.plusSeconds(30), 8, "okta-scim"))
                .extracting(ProvisioningQueueStore.DueCall::grantId).containsExactly("G-due-okta");
        assertThat(queue.anyDue(NOW)).isFalse();
        assertThat(queue.anyDue(NOW.plusSeconds(60))).isTrue();

        parked(1_001, 100_000);
        jdbc.execute("analyze provisioning_queue");

        assertReadsTheWaitingRowsOnly();
        assertThat(queue.take("w2", NOW.plusSeconds(60), NOW.plusSeconds(90), 2, "saas-scim"))
                .as("the two due first, their leases run out").extracting(ProvisioningQueueStore.DueCall::grantId)
                .containsExactlyInAnyOrder("G-leased", "G-due-1");
    }

    /**
     * Behind a backlog of one target, the take for another target reads none of the backlog's rows, and the look for
     * the targets that have waiting rows reads one index entry per target, whether the table has statistics or not
     * (docs/BENCHMARKS.md, "End-to-end", "Twelfth round": the take for the targets without settings read every due
     * row of the configured ones and dropped them, at every take).
     */
    @Test
    void theTakeOfOneTargetAndTheLookForWaitingTargetsReadNoneOfAnotherTargetsBacklog() {
        waiting("G-okta", "okta-scim", NOW.minusSeconds(1), null);
        jdbc.update("""
                insert into provisioning_queue (grant_id, request_id, employee_id, entitlement, target, operation,
                    attempt, due_at)
                select 'G-' || n, 'R-' || n, 'E' || n, 'confluence:edit', 'saas-scim', 'GRANT', 0,
                    ?::timestamptz - n * interval '1 millisecond'
                from generate_series(1, 2000) n""", Timestamp.from(NOW));

        for (boolean analysed : new boolean[] {false, true}) {
            if (analysed) {
                jdbc.execute("analyze provisioning_queue");
            }
            assertThat(rowsRead(ProvisioningQueueStore.WAITING_TARGETS)).as("analysed: %s", analysed).isLessThan(10);
            assertThat(rowsRead(ProvisioningQueueStore.TAKE, Timestamp.from(NOW.plusSeconds(30)), "w0", "okta-scim",
                    Timestamp.from(NOW), Timestamp.from(NOW), 8)).as("analysed: %s", analysed).isEqualTo(1);
            assertThat(rowsRead(ProvisioningQueueStore.TAKE, Timestamp.from(NOW.plusSeconds(30)), "w0", "saas-scim",
                    Timestamp.from(NOW), Timestamp.from(NOW), 8)).as("analysed: %s", analysed).isLessThan(20);
        }
        assertThat(queue.waitingTargets()).containsExactly("okta-scim", "saas-scim");
    }

    /** The look's plan and the take's, each through an index of the waiting rows, and no scan of the table or sort. */
    private void assertReadsTheWaitingRowsOnly() {
        Timestamp now = Timestamp.from(NOW);
        String look = plan(ProvisioningQueueStore.ANY_DUE, now, now);
        String take = plan(ProvisioningQueueStore.TAKE, Timestamp.from(NOW.plusSeconds(30)), "w0", "saas-scim", now,
                now, 8);
        assertThat(look).contains("provisioning_queue_waiting").doesNotContain("Seq Scan");
        // Either index of the waiting rows (by due time, or by target and due time), for the take and for the look for
        // waiting targets alike: with a handful of waiting rows the planner's choice between the two is a toss-up of
        // their statistics (CI runs took the former for each). That neither reads another target's backlog is pinned
        // where there is one (the test below, 2,000 rows, by the rows each reads).
        assertThat(take).contains("provisioning_queue_waiting").doesNotContain("Seq Scan").doesNotContain("Sort");
        assertThat(plan(ProvisioningQueueStore.WAITING_TARGETS)).contains("provisioning_queue_waiting")
                .doesNotContain("Seq Scan");
    }

    /**
     * The rows {@code statement} read from provisioning_queue looking for the rows due, executed (and rolled back): the
     * actual rows its scans of the waiting rows' indexes (or the take's sub-select's scan of the table) returned, plus
     * the rows their filters removed; the take's update of the rows found, by key, is not counted (the planner's
     * choice, see {@link ProvisioningQueueStore#TAKE}).
     */
    private long rowsRead(String statement, Object... arguments) {
        List<String> lines = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()))
                .execute(status -> {
                    status.setRollbackOnly();
                    return jdbc.queryForList("explain (analyze, costs off, timing off, summary off) " + statement,
                            String.class, arguments);
                });
        long rows = 0;
        boolean inScan = false;
        for (String line : lines) {
            String text = line.strip().replaceFirst("^->\\s*", "");
            if (text.matches("(Index Scan|Index Only Scan) using provisioning_queue_waiting.*")
                    || text.matches("(Seq Scan|Bitmap Heap Scan) on provisioning_queue provisioning_queue_1 .*")) {
                inScan = true;
                java.util.regex.Matcher actual = java.util.regex.Pattern.compile("actual rows=(\\d+) loops=(\\d+)")
                        .matcher(text);
                if (actual.find()) {
                    rows += Long.parseLong(actual.group(1)) * Long.parseLong(actual.group(2));
                }
            } else if (inScan && text.startsWith("Rows Removed by Filter:")) {
                rows += Long.parseLong(text.substring("Rows Removed by Filter:".length()).strip());
            } else if (!text.contains(":")) {
                inScan = false;
            }
        }
        return rows;
    }

    private String plan(String statement, Object... arguments) {
        return String.join("\n", jdbc.queryForList("explain " + statement, String.class, arguments));
    }

    /** Grants {@code from} to {@code to}, finished: their rows parked, as a finished grant leaves them. */
    private void parked(int from, int to) {
        jdbc.update("""
                insert into provisioning_queue (grant_id, request_id, employee_id, entitlement, target, operation,
                    attempt, due_at)
                select 'G-' || n, 'R-' || n, 'E' || n, 'confluence:edit', 'saas-scim', 'NONE', 1, 'infinity'
                from generate_series(?, ?) n""", from, to);
    }

    private void waiting(String grantId, String target, Instant dueAt, Instant leasedUntil) {
        jdbc.update("""
                insert into provisioning_queue (grant_id, request_id, employee_id, entitlement, target, operation,
                    attempt, due_at, leased_until, leased_by)
                values (?, ?, 'E1', 'confluence:edit', ?, 'GRANT', 0, ?, ?, ?)""", grantId, "R-" + grantId, target,
                Timestamp.from(dueAt), leasedUntil == null ? null : Timestamp.from(leasedUntil),
                leasedUntil == null ? null : "w-other");
    }
}
