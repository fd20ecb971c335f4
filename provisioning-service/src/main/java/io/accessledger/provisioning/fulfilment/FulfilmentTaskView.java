package io.accessledger.provisioning.fulfilment;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.FulfilmentTaskOpened;
import io.accessledger.spine.replay.ReadModel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The manual fulfilment queue ({@code fulfilment_task}): the only writer — a projection of the service's own topic
 * (consumer {@code provisioning-views}) — and the only reader, for {@code /api/v1/fulfilment-tasks}.
 */
@Component
public class FulfilmentTaskView implements ReadModel {
    private final JdbcTemplate jdbc;

    public FulfilmentTaskView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record FulfilmentTask(String taskId, String grantId, String requestId, String employeeId,
            String entitlement, String target, String action, String assigneeId, String queue, String status,
            Instant openedAt) {
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
    public List<String> tables() {
        return List.of("fulfilment_task");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof FulfilmentTaskOpened t) {
            jdbc.update("""
                    insert into fulfilment_task (task_id, grant_id, request_id, employee_id, entitlement, target,
                        action, assignee_id, queue, status, opened_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?)
                    on conflict do nothing""", t.taskId().value(), t.grantId().value(), t.requestId().value(),
                    t.employeeId().value(), t.entitlement().toString(), t.target(), t.action(),
                    t.assigneeId() == null ? null : t.assigneeId().value(), t.queue(), Timestamp.from(t.occurredAt()));
        } else if (event instanceof AccessProvisioned p) {
            done(p.grantId().value(), p.provisionedBy() == null ? null : p.provisionedBy().value(), p.reference());
        } else if (event instanceof AccessRevoked r) {
            done(r.grantId().value(), r.revokedBy() == null ? null : r.revokedBy().value(), null);
        } else if (event instanceof AccessExpired x) {
            done(x.grantId().value(), null, null);
        }
    }

    /** The grant's open task is done (its reference is kept when one was given). */
    private void done(String grantId, String by, String reference) {
        jdbc.update("update fulfilment_task set status = 'DONE', completed_by = coalesce(?, completed_by),"
                + " reference = coalesce(?, reference) where grant_id = ? and status = 'OPEN'", by, reference, grantId);
    }

    /** The tasks in this status assigned to this person or to one of these queues, oldest first. */
    public List<FulfilmentTask> tasks(String status, String assigneeId, Collection<String> queues) {
        StringBuilder sql = new StringBuilder("select * from fulfilment_task where status = ? and (assignee_id = ?");
        List<Object> args = new ArrayList<>(List.of(status, assigneeId));
        if (!queues.isEmpty()) {
            sql.append(" or queue in (").append(String.join(",", queues.stream().map(q -> "?").toList())).append(")");
            args.addAll(queues);
        }
        sql.append(") order by opened_at, task_id");
        return jdbc.query(sql.toString(), FulfilmentTaskView::task, args.toArray());
    }

    /** The grant a task is for, if the task exists. */
    public Optional<String> grantOf(String taskId) {
        return jdbc.queryForList("select grant_id from fulfilment_task where task_id = ?", String.class, taskId)
                .stream().findFirst();
    }

    private static FulfilmentTask task(ResultSet row, int n) throws SQLException {
        return new FulfilmentTask(row.getString("task_id"), row.getString("grant_id"), row.getString("request_id"),
                row.getString("employee_id"), row.getString("entitlement"), row.getString("target"),
                row.getString("action"), row.getString("assignee_id"), row.getString("queue"), row.getString("status"),
                row.getTimestamp("opened_at").toInstant());
    }
}
