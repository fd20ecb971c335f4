package io.accessledger.audit.command;

import java.sql.Statement;
import java.util.List;
import org.springframework.jdbc.core.ConnectionCallback;
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

    /**
     * The memory each index build may sort in (PostgreSQL's default is 64 MB): enough that the indexes of 10,000,000
     * events are sorted in memory rather than in temporary files.
     */
    static final String SORT_MEMORY = "1GB";

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
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("set maintenance_work_mem = '" + SORT_MEMORY + "'"); // each sort in memory
                for (String index : indexes) {
                    statement.execute(index);
                }
                for (String table : TABLES) {
                    statement.execute("analyze " + table);
                }
            }
            return null;
        });
    }

    /** How many indexes wait to be created. */
    int indexes() {
        return indexes.size();
    }
}
