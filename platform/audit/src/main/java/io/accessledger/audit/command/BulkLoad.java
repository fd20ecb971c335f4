package io.accessledger.audit.command;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How the command fills its own throw-away store (never a store the auditor names): the tables the replay writes are
 * made unlogged (no write-ahead log: a crash loses the store, which a rerun rebuilds from the log, and the store is
 * dropped at the end anyway), and the audit tables' secondary indexes are dropped before the load and created again,
 * from their own definitions, once every event is in — one sort per index instead of one index update per row. The
 * primary keys stay: the read models' {@code on conflict (event_id) do nothing} and the dedupe need them.
 */
final class BulkLoad {
    /** What the replay writes: the spine's dedupe rows and the audit read models' tables. */
    static final List<String> TABLES = List.of("inbound_dedupe", "audit_event", "audit_grant_opened",
            "audit_grant_ended");

    private final JdbcTemplate jdbc;
    private final List<String> indexes;

    private BulkLoad(JdbcTemplate jdbc, List<String> indexes) {
        this.jdbc = jdbc;
        this.indexes = indexes;
    }

    /** Unlogged tables, secondary indexes dropped (their definitions kept); the tables must be empty. */
    static BulkLoad begin(JdbcTemplate jdbc) {
        TABLES.forEach(table -> jdbc.execute("alter table " + table + " set unlogged"));
        List<String[]> secondary = jdbc.query("""
                select i.indexname, i.indexdef from pg_indexes i
                where i.schemaname = current_schema() and i.tablename in ('audit_event', 'audit_grant_opened',
                    'audit_grant_ended')
                  and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
                order by i.indexname""", (row, n) -> new String[] {row.getString(1), row.getString(2)});
        secondary.forEach(index -> jdbc.execute("drop index " + index[0]));
        return new BulkLoad(jdbc, secondary.stream().map(index -> index[1]).toList());
    }

    /** The dropped indexes created again, and the tables' statistics gathered for the answers' queries. */
    void finish() {
        indexes.forEach(jdbc::execute);
        TABLES.forEach(table -> jdbc.execute("analyze " + table));
    }

    /** How many indexes wait to be created. */
    int indexes() {
        return indexes.size();
    }
}
