package io.accessledger.provisioning.fulfilment;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.FulfilmentTaskOpened;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.events.provisioning.ProvisioningRetried;
import io.accessledger.spine.inbound.EventConsumer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The fulfilment queue and the grants list, from the service's own topic. */
@Component
public class ProvisioningViews implements EventConsumer {
    private final JdbcTemplate jdbc;

    public ProvisioningViews(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "provisioning-views";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.PROVISIONING);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof FulfilmentTaskOpened t) {
            jdbc.update("""
                    insert into fulfilment_task (task_id, grant_id, request_id, employee_id, entitlement, target,
                        action, assignee_id, queue, status, opened_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?)
                    on conflict do nothing""", t.taskId().value(), t.grantId().value(), t.requestId().value(),
                    t.employeeId().value(), t.entitlement().toString(), t.target(), t.action(),
                    t.assigneeId() == null ? null : t.assigneeId().value(), t.queue(), ts(t.occurredAt()));
            if ("GRANT".equals(t.action())) {
                grant(t.grantId().value(), t.requestId().value(), t.employeeId().value(),
                        t.entitlement().toString(), t.target(), "PROVISIONING", t.occurredAt());
            }
        } else if (event instanceof AccessProvisioned p) {
            grant(p.grantId().value(), p.requestId().value(), p.employeeId().value(), p.entitlement().toString(),
                    p.target(), "ACTIVE", p.occurredAt());
            jdbc.update("update grant_view set granted_at = ?, expires_at = ?, review_due_at = ? where grant_id = ?",
                    ts(p.grantedAt()), ts(p.expiresAt()), ts(p.reviewDueAt()), p.grantId().value());
            jdbc.update("update fulfilment_task set status = 'DONE', completed_by = ?, reference = ?"
                    + " where grant_id = ? and status = 'OPEN'", p.provisionedBy() == null ? null
                    : p.provisionedBy().value(), p.reference(), p.grantId().value());
        } else if (event instanceof ProvisioningFailed f) {
            grant(f.grantId().value(), f.requestId().value(), f.employeeId().value(), f.entitlement().toString(),
                    f.target(), "FAILED", f.occurredAt());
        } else if (event instanceof ProvisioningRetried r) {
            grant(r.grantId().value(), r.requestId().value(), r.employeeId().value(), r.entitlement().toString(),
                    r.target(), "PROVISIONING", r.occurredAt());
        } else if (event instanceof AccessRevoked r) {
            jdbc.update("update grant_view set status = 'REVOKED', status_at = ? where grant_id = ?",
                    ts(r.occurredAt()), r.grantId().value());
            jdbc.update("update fulfilment_task set status = 'DONE', completed_by = ? where grant_id = ?"
                    + " and status = 'OPEN'", r.revokedBy() == null ? null : r.revokedBy().value(), r.grantId().value());
        } else if (event instanceof AccessExpired x) {
            jdbc.update("update grant_view set status = 'EXPIRED', status_at = ? where grant_id = ?",
                    ts(x.occurredAt()), x.grantId().value());
            jdbc.update("update fulfilment_task set status = 'DONE' where grant_id = ? and status = 'OPEN'",
                    x.grantId().value());
        }
    }

    private void grant(String grantId, String requestId, String employeeId, String entitlement, String target,
            String status, Instant at) {
        jdbc.update("""
                insert into grant_view (grant_id, request_id, employee_id, entitlement, target, status, status_at)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (grant_id) do update set status = excluded.status, status_at = excluded.status_at
                where grant_view.status_at <= excluded.status_at""",
                grantId, requestId, employeeId, entitlement, target, status, ts(at));
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
