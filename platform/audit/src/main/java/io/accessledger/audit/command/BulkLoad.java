package io.accessledger.audit.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How the command fills its own throw-away store (never a store the auditor names): the tables the replay writes are
 * made unlogged (no write-ahead log: a crash loses the store, which a rerun rebuilds from the log, and the store is
 * dropped at the end anyway), and the audit tables are loaded without any index — their secondary indexes and their
 * primary keys dropped before the load and made again, from their own definitions, once every event is in: one sort
 * per index instead of one index update per row; the indexes only the audit API's queries use
 * ({@link #FOR_THE_API_ONLY}) are not made again.
 *
 * <p>Without its key a table takes every row the read models insert, the ones their {@code on conflict (event_id) do
 * nothing} would have skipped included (the same event id under another {@code ce_id}: the in-memory dedupe is on
 * {@code ce_id}). So each table gets a column of load order ({@value #LOAD_ORDER}, an identity: the rows numbered as
 * they are written, and they are written in the order the replay applies them); when its key is made again and a
 * duplicate refuses it, every row after the first of its key in load order is deleted — the first applied kept, as
 * {@code on conflict do nothing} keeps it — and the key made. The column is dropped at the end: the tables are then
 * what the keyed load gives, row for row. The writer ({@link BatchedWrites#unkeyed}) leaves the {@code on conflict}
 * out of a statement on these tables while they have no key.
 */
final class BulkLoad {
    /** What the replay writes: the spine's dedupe rows and the audit read models' tables. */
    static final List<String> TABLES = List.of("inbound_dedupe", "audit_event", "audit_grant_opened",
            "audit_grant_ended");
    /** The audit read models' tables: loaded without indexes or keys. */
    static final List<String> AUDIT_TABLES = TABLES.subList(1, TABLES.size());
    /**
     * Secondary indexes that only the audit API's queries use (an export between two instants: its rows by time, and
     * the person-less rows of those instants); none of the command's answers does — it exports the whole log, sorted —
     * so its own store, dropped at the end, does without them (docs/BENCHMARKS.md, "Audit replay", sixth round).
     */
    static final Set<String> FOR_THE_API_ONLY = Set.of("audit_event_time", "audit_event_employee");
    /** The column that numbers a table's rows in load order while it has no key. */
    static final String LOAD_ORDER = "bulk_load_order";

    private final JdbcTemplate jdbc;
    private final List<Key> keys;
    private final List<String> indexes;
    private long duplicates;
    /** Nanoseconds {@link #finish} took for the keys, the secondary indexes and the statistics. */
    private final long[] took = new long[3];

    /** A primary key or unique constraint dropped for the load: its table, name, definition and columns. */
    private record Key(String table, String name, String definition, String columns) {
    }

    private BulkLoad(JdbcTemplate jdbc, List<Key> keys, List<String> indexes) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.indexes = indexes;
    }

    /**
     * Unlogged tables; the audit tables' secondary indexes and keys dropped (their definitions kept, but for those
     * {@link #FOR_THE_API_ONLY}), a column of load
     * order added, and {@code writes} told to leave their {@code on conflict} out. The tables must be empty.
     */
    static BulkLoad begin(JdbcTemplate jdbc, BatchedWrites writes) {
        TABLES.forEach(table -> jdbc.execute("alter table " + table + " set unlogged"));
        List<String[]> secondary = jdbc.query("""
                select i.indexname, i.indexdef from pg_indexes i
                where i.schemaname = current_schema() and i.tablename in ('audit_event', 'audit_grant_opened',
                    'audit_grant_ended')
                  and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
                order by i.indexname""", (row, n) -> new String[] {row.getString(1), row.getString(2)});
        secondary.forEach(index -> jdbc.execute("drop index " + index[0]));
        List<Key> keys = new ArrayList<>();
        for (String table : AUDIT_TABLES) {
            keys.addAll(jdbc.query("""
                    select c.conname, pg_get_constraintdef(c.oid),
                        (select string_agg(quote_ident(a.attname), ', ' order by k.n)
                         from unnest(c.conkey) with ordinality k(attnum, n)
                         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum)
                    from pg_constraint c where c.conrelid = to_regclass(?) and c.contype in ('p', 'u')
                    order by c.contype, c.conname""",
                    (row, n) -> new Key(table, row.getString(1), row.getString(2), row.getString(3)), table));
            jdbc.execute("alter table " + table + " add column " + LOAD_ORDER
                    + " bigint generated always as identity (cache 10000)");
        }
        keys.forEach(key -> jdbc.execute("alter table " + key.table() + " drop constraint " + key.name()));
        writes.unkeyed(AUDIT_TABLES);
        return new BulkLoad(jdbc, keys, secondary.stream().filter(index -> !FOR_THE_API_ONLY.contains(index[0]))
                .map(index -> index[1]).toList());
    }

    /**
     * The keys made again (after their duplicates, if any, are deleted: the first of each key in load order kept),
     * the column of load order dropped, the secondary indexes created again, and the tables' statistics gathered for
     * the answers' queries.
     */
    void finish() {
        long started = System.nanoTime();
        for (Key key : keys) {
            String add = "alter table " + key.table() + " add constraint " + key.name() + " " + key.definition();
            try {
                jdbc.execute(add);
            } catch (DataIntegrityViolationException duplicate) { // the same event id applied twice
                duplicates += jdbc.update("delete from " + key.table() + " a using " + key.table() + " b where ("
                        + qualified("a", key.columns()) + ") = (" + qualified("b", key.columns()) + ") and b."
                        + LOAD_ORDER + " < a." + LOAD_ORDER);
                jdbc.execute(add);
            }
        }
        AUDIT_TABLES.forEach(table -> jdbc.execute("alter table " + table + " drop column " + LOAD_ORDER));
        took[0] = System.nanoTime() - started;
        started = System.nanoTime();
        indexes.forEach(jdbc::execute);
        took[1] = System.nanoTime() - started;
        started = System.nanoTime();
        TABLES.forEach(table -> jdbc.execute("analyze " + table));
        took[2] = System.nanoTime() - started;
    }

    /**
     * How long each step of {@link #finish} took: {@code keys 1.2 s, indexes 0.8 s, statistics 0.3 s} (the wall
     * time after the load split by step, docs/BENCHMARKS.md, "Audit replay", eleventh round).
     */
    String took() {
        return String.format(Locale.ROOT, "keys %.1f s, indexes %.1f s, statistics %.1f s", took[0] / 1e9,
                took[1] / 1e9, took[2] / 1e9);
    }

    private static String qualified(String alias, String columns) {
        return alias + "." + columns.replace(", ", ", " + alias + ".");
    }

    /** How many indexes wait to be created, the keys included. */
    int indexes() {
        return keys.size() + indexes.size();
    }

    /** Rows deleted by {@link #finish} as later duplicates of a key (none unless an event id came twice). */
    long duplicates() {
        return duplicates;
    }
}
