package io.accessledger.provisioning.grants;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.spine.testing.SchemaVersions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The connector worker's look for anything due reads the waiting rows only, not the queue's history (a finished grant
 * keeps its row, parked), whether the table has statistics or not, and so does its take on a large queue
 * (docs/BENCHMARKS.md, "End-to-end", "Eleventh round": the look was a scan of every grant ever opened, once a second
 * and before every poll). On a small table without statistics the take is planned as a scan of it (about 15 pages at
 * the benchmark's size): the planner's choice by cost, not pinned here.
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
        assertThat(queue.take("w1", NOW, NOW.plusSeconds(30), 8, List.of("saas-scim"), false))
                .extracting(ProvisioningQueueStore.DueCall::grantId).containsExactlyInAnyOrder("G-due-1", "G-due-2");
        assertThat(queue.take("w1", NOW, NOW.plusSeconds(30), 8, List.of("saas-scim"), true))
                .extracting(ProvisioningQueueStore.DueCall::grantId).containsExactly("G-due-okta");
        assertThat(queue.anyDue(NOW)).isFalse();
        assertThat(queue.anyDue(NOW.plusSeconds(60))).isTrue();

        parked(1_001, 100_000);
        jdbc.execute("analyze provisioning_queue");

        assertReadsTheWaitingRowsOnly();
        assertThat(queue.take("w2", NOW.plusSeconds(60), NOW.plusSeconds(90), 2, List.of("saas-scim"), false))
                .as("the two due first, their leases run out").extracting(ProvisioningQueueStore.DueCall::grantId)
                .containsExactlyInAnyOrder("G-leased", "G-due-1");
    }

    /** The look's plan and the take's, each through the index of the waiting rows, and no scan of the table. */
    private void assertReadsTheWaitingRowsOnly() {
        Timestamp now = Timestamp.from(NOW);
        String look = plan(ProvisioningQueueStore.ANY_DUE, now, now);
        String take = plan(ProvisioningQueueStore.TAKE, Timestamp.from(NOW.plusSeconds(30)), "w0", now, now,
                new String[] {"saas-scim"}, false, 8);
        assertThat(look).contains("provisioning_queue_waiting").doesNotContain("Seq Scan");
        assertThat(take).contains("provisioning_queue_waiting").doesNotContain("Seq Scan");
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
