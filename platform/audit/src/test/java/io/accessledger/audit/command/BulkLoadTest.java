package io.accessledger.audit.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.audit.model.AuditReadModels;
import io.accessledger.spine.store.ModuleMigrations;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The command's own store after its load: the keys, indexes and storage parameters its migrations make (but the
 * indexes only the audit API uses) and the tables' statistics, built on both of the writer's connections at once,
 * the first row of a key in load order kept.
 */
class BulkLoadTest {
    private static final String CATALOG = """
            select string_agg(line, E'\\n' order by line) from (
              select 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) line
                from pg_constraint where conrelid::regclass::text in ('audit_event', 'audit_grant_opened',
                  'audit_grant_ended', 'inbound_dedupe')
              union all select 'index ' || indexdef from pg_indexes where tablename in ('audit_event',
                  'audit_grant_opened', 'audit_grant_ended', 'inbound_dedupe')
              union all select 'column ' || attrelid::regclass || ' ' || attname || ' ' || format_type(atttypid,
                  atttypmod) || ' ' || attnotnull from pg_attribute where attrelid::regclass::text in ('audit_event',
                  'audit_grant_opened', 'audit_grant_ended', 'inbound_dedupe') and attnum > 0 and not attisdropped
              union all select 'options ' || relname || ' ' || coalesce(reloptions::text, 'none') from pg_class
                where relname in ('audit_event', 'audit_grant_opened', 'audit_grant_ended', 'inbound_dedupe')
            ) catalog""";
    private static final String AUTOVACUUM_OFF = """
            select count(*) from pg_class where relname in ('audit_event', 'audit_grant_opened', 'audit_grant_ended',
              'inbound_dedupe') and 'autovacuum_enabled=false' = any(reloptions)""";

    /**
     * Also their storage parameters: autovacuum, off while the tables are loaded (its passes would scan pages the load
     * is still writing, on a core the replay needs), is theirs again once the store is finished.
     */
    @Test
    void theTablesGetBackTheKeysIndexesAndParametersOfTheirMigrationsAndStatisticsTheFirstRowOfAKeyKept() {
        try (AuditStore store = AuditStore.embedded()) {
            JdbcTemplate jdbc = migrated(store);
            String migrated = jdbc.queryForObject(CATALOG, String.class);
            BulkLoad load = BulkLoad.begin(jdbc, new BatchedWrites(store.dataSource()));
            assertThat(jdbc.queryForObject(AUTOVACUUM_OFF, Integer.class)).as("tables loaded without autovacuum")
                    .isEqualTo(4);
            event(jdbc, "E1", "first");
            event(jdbc, "E2", "other");
            event(jdbc, "E1", "second"); // the same event id again, later in load order
            jdbc.update("insert into audit_grant_ended (event_id, grant_id, ended_at, end_reason)"
                    + " values ('E3', 'G1', now(), 'EXPIRED'), ('E3', 'G2', now(), 'REVOKED')");

            load.finish();

            assertThat(load.duplicates()).isEqualTo(2);
            assertThat(jdbc.queryForList("select event_id || ' ' || subject from audit_event order by event_id",
                    String.class)).containsExactly("E1 first", "E2 other");
            assertThat(jdbc.queryForList("select grant_id from audit_grant_ended", String.class))
                    .containsExactly("G1");
            String expected = migrated.lines().filter(line -> BulkLoad.FOR_THE_API_ONLY.stream()
                    .noneMatch(index -> line.startsWith("index CREATE INDEX " + index + " ")))
                    .reduce((a, b) -> a + "\n" + b).orElseThrow();
            assertThat(jdbc.queryForObject(CATALOG, String.class)).isEqualTo(expected).contains(
                    "constraint audit_event audit_event_pkey PRIMARY KEY (event_id)",
                    "index CREATE UNIQUE INDEX audit_event_pkey ON public.audit_event USING btree (event_id)",
                    "index CREATE INDEX audit_event_request ON public.audit_event USING btree (request_id)",
                    "options audit_event none");
            assertThat(jdbc.queryForObject(AUTOVACUUM_OFF, Integer.class)).isZero();
            assertThat(jdbc.queryForObject("select count(*) from pg_stat_user_tables where relname in ('audit_event',"
                    + " 'audit_grant_opened', 'audit_grant_ended', 'inbound_dedupe') and last_analyze is not null",
                    Integer.class)).isEqualTo(4);
        }
    }

    /**
     * Two connections: while one waits for a lock the test holds on the largest table (the first taken), the other
     * makes every key and index of the other tables.
     */
    @Test
    void whileOneBuildWaitsTheOtherConnectionMakesTheOtherTablesKeysAndIndexes() throws Exception {
        try (AuditStore store = AuditStore.embedded()) {
            JdbcTemplate jdbc = migrated(store);
            BulkLoad load = BulkLoad.begin(jdbc, new BatchedWrites(store.dataSource()));
            jdbc.update("insert into inbound_dedupe (consumer, event_id, topic, kafka_partition, kafka_offset)"
                    + " select 'audit', 'e' || n, 'topic', 0, n from generate_series(1, 20000) n"); // the largest
            event(jdbc, "E1", "first");
            try (Connection holder = store.exportDataSource().getConnection();
                    Statement statement = holder.createStatement()) {
                holder.setAutoCommit(false);
                statement.execute("lock table inbound_dedupe in share update exclusive mode"); // analyze waits
                CompletableFuture<Void> finished = CompletableFuture.runAsync(load::finish);
                JdbcTemplate watching = new JdbcTemplate(store.exportDataSource()); // not the pool the builds hold
                await().atMost(Duration.ofSeconds(60)).until(() -> keysAndIndexes(watching) == 7
                        || finished.isDone());
                assertThat(keysAndIndexes(watching)).as("the audit tables' 3 keys and 4 indexes, made while the"
                        + " statistics of inbound_dedupe wait").isEqualTo(7);
                assertThat(finished).isNotDone();
                holder.rollback();
                finished.get(60, TimeUnit.SECONDS);
            }
            assertThat(jdbc.queryForObject("select last_analyze is not null from pg_stat_user_tables"
                    + " where relname = 'inbound_dedupe'", Boolean.class)).isTrue();
        }
    }

    private static int keysAndIndexes(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from pg_indexes where tablename in ('audit_event',"
                + " 'audit_grant_opened', 'audit_grant_ended')", Integer.class);
    }

    private static JdbcTemplate migrated(AuditStore store) {
        ModuleMigrations.migrate(store.dataSource(), "spine");
        AuditReadModels.migrate(store.dataSource());
        return new JdbcTemplate(store.dataSource());
    }

    private static void event(JdbcTemplate jdbc, String id, String subject) {
        jdbc.update("insert into audit_event (event_id, occurred_at, effective_at, topic, type, subject, request_id,"
                + " details) values (?, now(), now(), 'topic', 'Type', ?, 'REQ-1', '{}')", id, subject);
    }
}
