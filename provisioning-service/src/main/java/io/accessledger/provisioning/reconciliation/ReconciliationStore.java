package io.accessledger.provisioning.reconciliation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The reconciliation runs and their progress ({@code reconciliation_run}): operational state written by the
 * {@link ReconciliationRunner} as it goes, read by the reconciliations endpoints. Only one run per target is
 * RUNNING at a time, across instances (a partial unique index); a run whose instance died stops holding its target
 * when its lease runs out.
 */
@Component
public class ReconciliationStore {
    private final JdbcTemplate jdbc;

    public ReconciliationStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A run as it stands. {@code accepted}: members the resource owner already kept, not reported again. */
    public record Run(String reconciliationId, String target, String trigger, String requestedBy, String status,
            int entitlementsDone, int entitlementsTotal, long membersRead, long grantsCompared, long ungoverned,
            long accepted, long drifted, String failure, Instant startedAt, Instant endedAt) {
    }

    /** The counts so far. */
    public record Counts(int entitlementsDone, long membersRead, long grantsCompared, long ungoverned, long accepted,
            long drifted) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);
    }

    /** Every target's RUNNING runs whose lease ran out by {@code at}: their instance stopped before they ended. */
    public List<Run> abandoned(Instant at) {
        return jdbc.query("select * from reconciliation_run where status = 'RUNNING' and lease_until < ?",
                ReconciliationStore::run, ts(at));
    }

    /** The target's RUNNING runs whose lease ran out by {@code at}: their instance stopped before they ended. */
    public List<Run> abandoned(String target, Instant at) {
        return jdbc.query("select * from reconciliation_run where target = ? and status = 'RUNNING' and lease_until < ?",
                ReconciliationStore::run, target, ts(at));
    }

    /**
     * Opens a RUNNING run for the target, unless one is running already (false). A run whose lease ran out must be
     * ended first ({@link #abandoned}, {@link #end}).
     */
    public boolean open(String reconciliationId, String target, String trigger, String requestedBy,
            int entitlementsTotal, Instant at, Instant leaseUntil) {
        try {
            jdbc.update("""
                    insert into reconciliation_run (reconciliation_id, target, trig, requested_by, status,
                        entitlements_total, started_at, lease_until) values (?, ?, ?, ?, 'RUNNING', ?, ?, ?)""",
                    reconciliationId, target, trigger, requestedBy, entitlementsTotal, ts(at), ts(leaseUntil));
            return true;
        } catch (DuplicateKeyException running) {
            return false;
        }
    }

    /** Progress of a running run, and its lease extended. */
    public void progress(String reconciliationId, Counts counts, Instant leaseUntil) {
        jdbc.update("""
                update reconciliation_run set entitlements_done = ?, members_read = ?, grants_compared = ?,
                    ungoverned = ?, accepted = ?, drifted = ?, lease_until = ?
                where reconciliation_id = ? and status = 'RUNNING'""", counts.entitlementsDone(),
                counts.membersRead(), counts.grantsCompared(), counts.ungoverned(), counts.accepted(), counts.drifted(),
                ts(leaseUntil), reconciliationId);
    }

    /** The run ended: COMPLETED, or FAILED with the failure. */
    public void end(String reconciliationId, String status, Counts counts, String failure, Instant at) {
        jdbc.update("""
                update reconciliation_run set status = ?, entitlements_done = ?, members_read = ?,
                    grants_compared = ?, ungoverned = ?, accepted = ?, drifted = ?, failure = ?, ended_at = ?
                where reconciliation_id = ?""", status, counts.entitlementsDone(), counts.membersRead(),
                counts.grantsCompared(), counts.ungoverned(), counts.accepted(), counts.drifted(), failure, ts(at),
                reconciliationId);
    }

    public Optional<Run> find(String reconciliationId) {
        return jdbc.query("select * from reconciliation_run where reconciliation_id = ?", ReconciliationStore::run,
                reconciliationId).stream().findFirst();
    }

    /** When the target's latest run started, if it ever ran. */
    public Optional<Instant> lastStart(String target) {
        return Optional.ofNullable(jdbc.queryForObject("select max(started_at) from reconciliation_run where target = ?",
                Timestamp.class, target)).map(Timestamp::toInstant);
    }

    /** The latest runs, of one target or all, latest first. */
    public List<Run> recent(String target, int limit) {
        return target == null
                ? jdbc.query("select * from reconciliation_run order by started_at desc, reconciliation_id limit ?",
                        ReconciliationStore::run, limit)
                : jdbc.query("select * from reconciliation_run where target = ?"
                        + " order by started_at desc, reconciliation_id limit ?", ReconciliationStore::run, target,
                        limit);
    }

    private static Run run(ResultSet row, int n) throws SQLException {
        return new Run(row.getString("reconciliation_id"), row.getString("target"), row.getString("trig"),
                row.getString("requested_by"), row.getString("status"), row.getInt("entitlements_done"),
                row.getInt("entitlements_total"), row.getLong("members_read"), row.getLong("grants_compared"),
                row.getLong("ungoverned"), row.getLong("accepted"), row.getLong("drifted"), row.getString("failure"),
                instant(row.getTimestamp("started_at")), instant(row.getTimestamp("ended_at")));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
