package io.accessledger.provisioning.grants;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.FulfilmentTaskOpened;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.events.provisioning.ProvisioningRetried;
import io.accessledger.spine.replay.ReadModel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The grants as the published events tell them ({@code grant_view}): the only writer — a projection of the service's
 * own topic (consumer {@code grant-view}, so it is rebuilt from the log like every read model) — and the only reader,
 * for the grants list, the expiry reminders, the failed-grants gauge and the SailPoint accounts. It lags the grant's
 * commands by the topic's round trip; a grant that has published nothing yet (its first connector call still
 * retrying) is only in {@link ProvisioningQueueStore}.
 */
@Component
public class GrantView implements ReadModel {
    private final JdbcTemplate jdbc;

    public GrantView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One grant; {@code statusAt} is when it reached its status. */
    public record Listed(String grantId, String requestId, String employeeId, String entitlement, String target,
            String status, Instant statusAt, Instant grantedAt, Instant expiresAt, Instant reviewDueAt) {
    }

    /** A {@code resource:level} someone holds now, on its target. */
    public record HeldEntitlement(String entitlement, String target) {
    }

    @Override
    public String name() {
        return "grant-view";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.PROVISIONING);
    }

    @Override
    public List<String> tables() {
        return List.of("grant_view");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof FulfilmentTaskOpened t && "GRANT".equals(t.action())) {
            status(t.grantId().value(), t.requestId().value(), t.employeeId().value(), t.entitlement().toString(),
                    t.target(), "PROVISIONING", t.occurredAt());
        } else if (event instanceof AccessProvisioned p) {
            status(p.grantId().value(), p.requestId().value(), p.employeeId().value(), p.entitlement().toString(),
                    p.target(), "ACTIVE", p.occurredAt());
            jdbc.update("update grant_view set granted_at = ?, expires_at = ?, review_due_at = ? where grant_id = ?",
                    ts(p.grantedAt()), ts(p.expiresAt()), ts(p.reviewDueAt()), p.grantId().value());
        } else if (event instanceof ProvisioningFailed f) {
            status(f.grantId().value(), f.requestId().value(), f.employeeId().value(), f.entitlement().toString(),
                    f.target(), "FAILED", f.occurredAt());
        } else if (event instanceof ProvisioningRetried r) {
            status(r.grantId().value(), r.requestId().value(), r.employeeId().value(), r.entitlement().toString(),
                    r.target(), "PROVISIONING", r.occurredAt());
        } else if (event instanceof AccessRevoked r) {
            status(r.grantId().value(), r.requestId().value(), r.employeeId().value(), r.entitlement().toString(),
                    r.target(), "REVOKED", r.occurredAt());
        } else if (event instanceof AccessExpired x) {
            status(x.grantId().value(), x.requestId().value(), x.employeeId().value(), x.entitlement().toString(),
                    x.target(), "EXPIRED", x.occurredAt());
        }
    }

    /** The latest status by time wins, so a replay or a late event never moves a grant back. */
    private void status(String grantId, String requestId, String employeeId, String entitlement, String target,
            String status, Instant at) {
        jdbc.update("""
                insert into grant_view (grant_id, request_id, employee_id, entitlement, target, status, status_at)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (grant_id) do update set status = excluded.status, status_at = excluded.status_at
                where grant_view.status_at <= excluded.status_at""",
                grantId, requestId, employeeId, entitlement, target, status, ts(at));
    }

    /** The grants of one person (or everyone's, {@code employeeId} null), in one status or all, latest first. */
    public List<Listed> list(String employeeId, String status) {
        StringBuilder sql = new StringBuilder("select * from grant_view where true");
        List<Object> args = new ArrayList<>();
        if (employeeId != null) {
            sql.append(" and employee_id = ?");
            args.add(employeeId);
        }
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status);
        }
        sql.append(" order by status_at desc, grant_id");
        return jdbc.query(sql.toString(), GrantView::listed, args.toArray());
    }

    /** Which of these grants the view knows. */
    public Set<String> known(Collection<String> grantIds) {
        if (grantIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.queryForList("select grant_id from grant_view where grant_id in ("
                + String.join(",", Collections.nCopies(grantIds.size(), "?")) + ")", String.class,
                grantIds.toArray()));
    }

    /** Active grants whose expiry falls in {@code (after, until]}, soonest first, at most {@code limit}. */
    public List<Listed> expiring(Instant after, Instant until, int limit) {
        return jdbc.query("""
                select * from grant_view where status = 'ACTIVE' and expires_at > ? and expires_at <= ?
                order by expires_at limit ?""", GrantView::listed, ts(after), ts(until), limit);
    }

    /** How many grants failed and wait for IAM. */
    public int failedCount() {
        Integer n = jdbc.queryForObject("select count(*) from grant_view where status = 'FAILED'", Integer.class);
        return n == null ? 0 : n;
    }

    /** How many people have held a grant. */
    public int holderCount() {
        Integer n = jdbc.queryForObject("select count(distinct employee_id) from grant_view", Integer.class);
        return n == null ? 0 : n;
    }

    /** The people who have held a grant, by id, one page. */
    public List<String> holders(int offset, int limit) {
        return jdbc.queryForList("select distinct employee_id from grant_view order by employee_id offset ? limit ?",
                String.class, offset, limit);
    }

    public boolean hasHeldAny(String employeeId) {
        return !jdbc.queryForList("select 1 from grant_view where employee_id = ? limit 1", employeeId).isEmpty();
    }

    /** The ACTIVE grants of these people, by person, entitlement and grant. */
    public List<Listed> activeOf(Collection<String> employeeIds) {
        if (employeeIds.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", Collections.nCopies(employeeIds.size(), "?"));
        return jdbc.query("select * from grant_view where status = 'ACTIVE' and employee_id in (" + in + ")"
                + " order by employee_id, entitlement, grant_id", GrantView::listed, employeeIds.toArray());
    }

    /** Every {@code resource:level} held now, once, with its target. */
    public List<HeldEntitlement> activeEntitlements() {
        return jdbc.query("select distinct on (entitlement) entitlement, target from grant_view"
                + " where status = 'ACTIVE' order by entitlement, target",
                (row, n) -> new HeldEntitlement(row.getString("entitlement"), row.getString("target")));
    }

    /**
     * The grants of one entitlement on one target that are active at {@code at}: provisioned, neither ended nor past
     * their expiry (what a reconciliation compares the target with).
     */
    public List<Listed> activeOn(String target, String entitlement, Instant at) {
        return jdbc.query("select * from grant_view where status = 'ACTIVE' and target = ? and entitlement = ?"
                + " and (expires_at is null or expires_at > ?) order by employee_id, grant_id", GrantView::listed,
                target, entitlement, ts(at));
    }

    private static Listed listed(ResultSet row, int n) throws SQLException {
        return new Listed(row.getString("grant_id"), row.getString("request_id"), row.getString("employee_id"),
                row.getString("entitlement"), row.getString("target"), row.getString("status"),
                instant(row.getTimestamp("status_at")), instant(row.getTimestamp("granted_at")),
                instant(row.getTimestamp("expires_at")), instant(row.getTimestamp("review_due_at")));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
