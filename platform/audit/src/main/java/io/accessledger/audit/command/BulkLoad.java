package io.accessledger.audit.command;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
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
 * out of a statement on these tables while they have no key. Autovacuum is kept off the tables while they are
 * loaded ({@link #AUTOVACUUM}; docs/BENCHMARKS.md, "Audit replay", twelfth round).
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
    /**
     * The storage parameter that keeps autovacuum off a table while it is loaded: the load only inserts, so the
     * worker's passes (started by the inserts' count, PostgreSQL 13 on) would only scan pages the load is still
     * writing and take statistics {@link #finish} takes again at the end, on a core the replay needs. {@link #finish}
     * resets it: a finished store's tables have the parameters their migrations gave them.
     */
    static final String AUTOVACUUM = "autovacuum_enabled";
    /** Connections {@link #finish} builds on at once: the writer's pool's ({@link AuditStore#CONNECTIONS}). */
    static final int LANES = AuditStore.CONNECTIONS;

    private final JdbcTemplate jdbc;
    private final List<Key> keys;
    private final List<Index> indexes;
    private final AtomicLong duplicates = new AtomicLong();
    /** Nanoseconds {@link #finish} took: all of it, and the lanes' time in keys, indexes and statistics. */
    private final AtomicLongArray took = new AtomicLongArray(4);

    /** A primary key or unique constraint dropped for the load: its table, name, definition and columns. */
    private record Key(String table, String name, String definition, String columns) {
    }

    /** A secondary index dropped for the load and made again after it: its table and definition. */
    private record Index(String table, String definition) {
    }

    private BulkLoad(JdbcTemplate jdbc, List<Key> keys, List<Index> indexes) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.indexes = indexes;
    }

    /**
     * Unlogged tables without autovacuum; the audit tables' secondary indexes and keys dropped (their definitions
     * kept, but for those {@link #FOR_THE_API_ONLY}), a column of load order added, and {@code writes} told to leave
     * their {@code on conflict} out. The tables must be empty.
     */
    static BulkLoad begin(JdbcTemplate jdbc, BatchedWrites writes) {
        TABLES.forEach(table -> jdbc.execute("alter table " + table + " set unlogged, set (" + AUTOVACUUM
                + " = false)"));
        List<String[]> secondary = jdbc.query("""
                select i.indexname, i.indexdef, i.tablename from pg_indexes i
                where i.schemaname = current_schema() and i.tablename in ('audit_event', 'audit_grant_opened',
                    'audit_grant_ended')
                  and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
                order by i.indexname""", (row, n) -> new String[] {row.getString(1), row.getString(2),
                row.getString(3)});
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
                .map(index -> new Index(index[2], index[1])).toList());
    }

    /**
     * The keys made again (after their duplicates, if any, are deleted: the first of each key in load order kept),
     * the column of load order dropped, the secondary indexes created again, autovacuum given back to the tables, and
     * their statistics gathered for the answers' queries — on {@value #LANES} connections at once (the writer's pool
     * has as many): each takes the next build, the largest table's first, and the one that ends a table's last build
     * drops its column of load order, analyses it and resets its {@link #AUTOVACUUM}. One build uses one backend (and
     * a parallel worker only while it scans and sorts), so one connection left a core idle for part of the phase: the
     * keys' and indexes' writing, the small tables, the statistics (docs/BENCHMARKS.md, "Audit replay", eleventh
     * round).
     * Builds of one table run side by side ({@code create index} and a key's unique index take a share lock, which
     * does not conflict with itself); a key is made as its unique index, then attached as the constraint ({@code
     * using index}: the same index, name and constraint as {@code add constraint} makes). The first failure is
     * thrown once both lanes have stopped (the store, the command's own, is then dropped with it).
     */
    void finish() {
        long started = System.nanoTime();
        Map<String, Integer> left = new HashMap<>();
        Deque<Runnable> builds = new ArrayDeque<>();
        Map<String, Long> sizes = new HashMap<>();
        TABLES.forEach(table -> sizes.put(table, jdbc.queryForObject("select pg_relation_size(to_regclass(?))",
                Long.class, table)));
        List<String> bySize = TABLES.stream().sorted(Comparator.comparing(sizes::get).reversed()).toList();
        for (String table : bySize) {
            List<Runnable> ofTable = new ArrayList<>();
            keys.stream().filter(key -> key.table().equals(table)).forEach(key -> ofTable.add(() -> key(key)));
            indexes.stream().filter(index -> index.table().equals(table)).forEach(index -> ofTable.add(() -> {
                long at = System.nanoTime();
                jdbc.execute(index.definition());
                took.addAndGet(2, System.nanoTime() - at);
            }));
            if (ofTable.isEmpty()) { // the dedupe rows: only their statistics
                ofTable.add(() -> { });
            }
            left.put(table, ofTable.size());
            ofTable.forEach(build -> builds.add(() -> {
                build.run();
                boolean last;
                synchronized (left) {
                    last = left.merge(table, -1, Integer::sum) == 0;
                }
                if (last) {
                    long at = System.nanoTime();
                    keys.stream().filter(key -> key.table().equals(table)).forEach(this::attach);
                    if (AUDIT_TABLES.contains(table)) {
                        jdbc.execute("alter table " + table + " drop column " + LOAD_ORDER);
                    }
                    jdbc.execute("analyze " + table);
                    // after the statistics: a worker let in before them would hold the analyze up, then be cancelled
                    jdbc.execute("alter table " + table + " reset (" + AUTOVACUUM + ")");
                    took.addAndGet(3, System.nanoTime() - at);
                }
            }));
        }
        List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
        Runnable lane = () -> {
            for (Runnable build = poll(builds); build != null && failures.isEmpty(); build = poll(builds)) {
                try {
                    build.run();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        };
        List<Thread> others = new ArrayList<>();
        for (int i = 1; i < LANES; i++) {
            Thread other = new Thread(lane, "accessledger-audit-build-" + i);
            other.start();
            others.add(other);
        }
        lane.run();
        boolean interrupted = false;
        for (Thread other : others) {
            while (other.isAlive()) {
                try {
                    other.join();
                } catch (InterruptedException e) {
                    interrupted = true; // the other lane holds a connection: it ends before the store may close
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        took.set(0, System.nanoTime() - started);
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static Runnable poll(Deque<Runnable> builds) {
        synchronized (builds) {
            return builds.poll();
        }
    }

    /**
     * A key made again: its unique index built (after the later duplicates of its key, if any, are deleted), to be
     * attached to the table as the constraint it was ({@link #attach}).
     */
    private void key(Key key) {
        long at = System.nanoTime();
        String build = kind(key) == null // a key of another kind (deferrable, with options …): made as it was
                ? "alter table " + key.table() + " add constraint " + key.name() + " " + key.definition()
                : "create unique index " + key.name() + " on " + key.table() + " (" + key.columns() + ")";
        try {
            jdbc.execute(build);
        } catch (DataIntegrityViolationException duplicate) { // the same event id applied twice
            duplicates.addAndGet(jdbc.update("delete from " + key.table() + " a using " + key.table() + " b where ("
                    + qualified("a", key.columns()) + ") = (" + qualified("b", key.columns()) + ") and b."
                    + LOAD_ORDER + " < a." + LOAD_ORDER));
            jdbc.execute(build);
        }
        took.addAndGet(1, System.nanoTime() - at);
    }

    /**
     * A key's unique index attached to its table as the constraint it was — once the table's other builds are done:
     * attaching takes a lock that waits for them, which would hold the lane up.
     */
    private void attach(Key key) {
        String kind = kind(key);
        if (kind != null) {
            jdbc.execute("alter table " + key.table() + " add constraint " + key.name() + " " + kind
                    + " using index " + key.name());
        }
    }

    /** {@code primary key} or {@code unique} for a plain key on its columns; null for any other definition. */
    private static String kind(Key key) {
        return key.definition().equals("PRIMARY KEY (" + key.columns() + ")") ? "primary key"
                : key.definition().equals("UNIQUE (" + key.columns() + ")") ? "unique" : null;
    }

    /**
     * How long {@link #finish} took, and its lanes' time by step:
     * {@code 3.1 s on 2 connections: keys 1.2 s, indexes 2.8 s, keys attached and statistics 1.3 s} (the sum of
     * the lanes', so more than the wall time when they overlap; docs/BENCHMARKS.md, "Audit replay", eleventh
     * round).
     */
    String took() {
        return String.format(Locale.ROOT, "%.1f s on %d connections: keys %.1f s, indexes %.1f s, keys attached and"
                + " statistics %.1f s", took.get(0) / 1e9, LANES, took.get(1) / 1e9, took.get(2) / 1e9,
                took.get(3) / 1e9);
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
        return duplicates.get();
    }
}
