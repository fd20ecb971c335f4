package io.accessledger.audit.model;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.spine.replay.ReadModel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who held which entitlement when: grant windows, from the provisioning acknowledgement ({@code AccessProvisioned},
 * at its {@code grantedAt}) to the revocation ({@code AccessRevoked}, at its {@code occurredAt}, with its reason —
 * a leaver's removal is a revocation with reason {@code LEAVER}) or the expiry ({@code AccessExpired}, at its
 * {@code expiredAt}). Each opening and each ending is stored as its own row keyed by the event id, and a window is
 * paired up at query time (a grant's earliest opening with its earliest ending), so the tables are the same whatever
 * order the records arrive in and a redelivery changes nothing. The only writer and reader of
 * {@code audit_grant_opened} and {@code audit_grant_ended}.
 */
public class AccessHistoryView implements ReadModel {
    /** The consumer's name (consumer group {@code accessledger.<service>.audit-access-history}). */
    public static final String NAME = "audit-access-history";

    private final JdbcTemplate jdbc;

    /** One grant window. */
    public record Holding(String grantId, String requestId, String employeeId, String entitlement, String target,
            Instant grantedAt, Instant endedAt, String endReason) {
    }

    /** Tables must exist: {@link AuditReadModels#migrate}. */
    public AccessHistoryView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.PROVISIONING);
    }

    @Override
    public List<String> tables() {
        return List.of("audit_grant_opened", "audit_grant_ended");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof AccessProvisioned provisioned) {
            opened(provisioned);
        } else if (event instanceof AccessRevoked revoked) {
            ended(revoked.eventId().value(), revoked.grantId().value(), revoked.occurredAt(),
                    revoked.revocationReason() == null ? "REVOKED" : "REVOKED:" + revoked.revocationReason());
        } else if (event instanceof AccessExpired expired) {
            ended(expired.eventId().value(), expired.grantId().value(),
                    expired.expiredAt() != null ? expired.expiredAt() : expired.occurredAt(), "EXPIRED");
        }
    }

    private void opened(AccessProvisioned provisioned) {
        Instant grantedAt = provisioned.grantedAt() != null ? provisioned.grantedAt() : provisioned.occurredAt();
        jdbc.update("""
                insert into audit_grant_opened (event_id, grant_id, request_id, employee_id, resource_id, entitlement,
                    target, granted_at)
                values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing""",
                provisioned.eventId().value(), provisioned.grantId().value(), provisioned.requestId().value(),
                provisioned.employeeId().value(), provisioned.entitlement().resourceId(),
                provisioned.entitlement().toString(), provisioned.target(), Timestamp.from(grantedAt));
    }

    private void ended(String eventId, String grantId, Instant at, String reason) {
        jdbc.update("""
                insert into audit_grant_ended (event_id, grant_id, ended_at, end_reason) values (?, ?, ?, ?)
                on conflict (event_id) do nothing""", eventId, grantId, Timestamp.from(at), reason);
    }

    /**
     * The grants held at {@code asOf} ({@code grantedAt <= asOf < endedAt}), ordered by employee, entitlement and
     * grant; {@code employeeId} and {@code resourceId} narrow it when not {@code null}.
     */
    public List<Holding> heldAt(Instant asOf, String employeeId, String resourceId) {
        List<Object> args = new ArrayList<>();
        Timestamp at = Timestamp.from(asOf);
        args.add(at);
        args.add(at);
        StringBuilder filters = new StringBuilder();
        if (employeeId != null) {
            filters.append(" and employee_id = ?");
            args.add(employeeId);
        }
        if (resourceId != null) {
            filters.append(" and resource_id = ?");
            args.add(resourceId);
        }
        return jdbc.query(WINDOWS + " where granted_at <= ? and (ended_at is null or ended_at > ?)" + filters
                + " order by employee_id, entitlement, grant_id", AccessHistoryView::holding, args.toArray());
    }

    /** Every window of one person (or of everyone, when {@code null}), oldest first. */
    public List<Holding> windows(String employeeId) {
        if (employeeId == null) {
            return jdbc.query(WINDOWS + " order by granted_at, grant_id", AccessHistoryView::holding);
        }
        return jdbc.query(WINDOWS + " where employee_id = ? order by granted_at, grant_id",
                AccessHistoryView::holding, employeeId);
    }

    /** A grant's earliest opening paired with its earliest ending (a grant is provisioned once). */
    private static final String WINDOWS = """
            select * from (
                select o.grant_id, o.request_id, o.employee_id, o.resource_id, o.entitlement, o.target, o.granted_at,
                       e.ended_at, e.end_reason
                from (select distinct on (grant_id) * from audit_grant_opened order by grant_id, granted_at, event_id) o
                left join lateral (
                    select ended_at, end_reason from audit_grant_ended e
                    where e.grant_id = o.grant_id order by ended_at, event_id limit 1) e on true) w""";

    private static Holding holding(ResultSet row, int n) throws SQLException {
        Timestamp ended = row.getTimestamp("ended_at");
        return new Holding(row.getString("grant_id"), row.getString("request_id"), row.getString("employee_id"),
                row.getString("entitlement"), row.getString("target"), row.getTimestamp("granted_at").toInstant(),
                ended == null ? null : ended.toInstant(), row.getString("end_reason"));
    }
}
