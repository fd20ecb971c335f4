package io.accessledger.approval.inbox;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.approval.ManagerApproved;
import io.accessledger.events.approval.ManagerRejected;
import io.accessledger.events.approval.RevisionRequested;
import io.accessledger.events.approval.StageApproved;
import io.accessledger.events.approval.TaskDelegated;
import io.accessledger.events.approval.TaskEscalated;
import io.accessledger.events.approval.TaskReminded;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.spine.inbound.EventConsumer;
import java.sql.Timestamp;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The approvers' inbox: open and decided tasks with the request and the policy's findings, from the topics. */
@Component
public class Inbox implements EventConsumer {
    private final JdbcTemplate jdbc;

    public Inbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "inbox";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.REQUEST, Topic.POLICY, Topic.APPROVAL);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        history(event);
        if (event instanceof RequestSubmitted s) {
            jdbc.update("""
                    insert into inbox_request (request_id, requester_id, beneficiary_id, entitlement, justification,
                        access_duration, submitted_at) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""",
                    s.requestId().value(), s.requesterId().value(), s.beneficiaryId().value(),
                    s.entitlement().toString(), s.justification(),
                    s.accessDuration() == null ? null : EventJson.format(s.accessDuration()),
                    Timestamp.from(s.occurredAt()));
        } else if (event instanceof RequestWithdrawn w) {
            jdbc.update("update inbox_task set status = 'WITHDRAWN', decided_at = ? where request_id = ?"
                    + " and status = 'OPEN'", Timestamp.from(w.occurredAt()), w.requestId().value());
        } else if (event instanceof PolicyEvaluated e) {
            jdbc.update("""
                    insert into inbox_evaluation (request_id, policy_version, risk_level, findings, stages, evaluated_at)
                    values (?, ?, ?, ?, ?, ?) on conflict (request_id) do update set
                        policy_version = excluded.policy_version, risk_level = excluded.risk_level,
                        findings = excluded.findings, stages = excluded.stages, evaluated_at = excluded.evaluated_at
                    where inbox_evaluation.evaluated_at <= excluded.evaluated_at""",
                    e.requestId().value(), e.policyVersion(), e.riskLevel().name(), EventJson.write(e.findings()),
                    EventJson.write(e.requiredStages()), Timestamp.from(e.occurredAt()));
        } else if (event instanceof ApprovalTaskOpened t) {
            jdbc.update("""
                    insert into inbox_task (task_id, request_id, stage, assignee_id, queue, due_at, opened_at, status)
                    values (?, ?, ?, ?, ?, ?, ?, 'OPEN') on conflict do nothing""",
                    t.taskId().value(), t.requestId().value(), t.stage().name(),
                    t.assigneeId() == null ? null : t.assigneeId().value(), t.queue(), Timestamp.from(t.dueAt()),
                    Timestamp.from(t.occurredAt()));
        } else if (event instanceof TaskDelegated d) {
            jdbc.update("update inbox_task set delegate_id = ? where task_id = ?", d.delegateId().value(),
                    d.taskId().value());
        } else if (event instanceof TaskReminded r) {
            jdbc.update("update inbox_task set reminded_at = ? where task_id = ?", Timestamp.from(r.occurredAt()),
                    r.taskId().value());
        } else if (event instanceof TaskEscalated x) {
            jdbc.update("update inbox_task set assignee_id = ?, queue = ?, delegate_id = null, due_at = ?,"
                    + " reminded_at = null, escalation_level = ? where task_id = ? and escalation_level < ?",
                    x.toAssigneeId() == null ? null : x.toAssigneeId().value(), x.toQueue(), Timestamp.from(x.dueAt()),
                    x.level(), x.taskId().value(), x.level());
        } else if (event instanceof ManagerApproved m) {
            close(m.taskId().value(), "APPROVED", m.approverId().value(), m.occurredAt());
        } else if (event instanceof StageApproved a) {
            close(a.taskId().value(), "APPROVED", a.approverId().value(), a.occurredAt());
        } else if (event instanceof ManagerRejected r) {
            close(r.taskId().value(), "DENIED", r.approverId().value(), r.occurredAt());
        } else if (event instanceof RevisionRequested r) {
            close(r.taskId().value(), "RETURNED", r.requestedBy().value(), r.occurredAt());
        } else if (event instanceof AccessDenied d) {
            jdbc.update("update inbox_task set status = 'DENIED', decided_by = ?, decided_at = ?"
                    + " where request_id = ? and status = 'OPEN'", d.deniedBy() == null ? null : d.deniedBy().value(),
                    Timestamp.from(d.occurredAt()), d.requestId().value());
        } else if (event instanceof AccessApproved a) {
            jdbc.update("update inbox_task set status = 'SUPERSEDED' where request_id = ? and status = 'OPEN'",
                    a.requestId().value());
        }
    }

    /** Every event about a task, in words, for the task's history in the inbox. */
    private void history(DomainEvent event) {
        String taskId = null;
        String what = null;
        if (event instanceof ApprovalTaskOpened t) {
            taskId = t.taskId().value();
            what = "opened for " + (t.assigneeId() != null ? t.assigneeId() : "the " + t.queue() + " queue")
                    + ", due " + t.dueAt();
        } else if (event instanceof TaskDelegated d) {
            taskId = d.taskId().value();
            what = "delegated to " + d.delegateId() + ": " + d.reason();
        } else if (event instanceof TaskReminded r) {
            taskId = r.taskId().value();
            what = "reminded, due " + r.dueAt();
        } else if (event instanceof TaskEscalated x) {
            taskId = x.taskId().value();
            what = "escalated to " + (x.toAssigneeId() != null ? x.toAssigneeId() : "the " + x.toQueue() + " queue")
                    + ", due " + x.dueAt();
        } else if (event instanceof ManagerApproved m) {
            taskId = m.taskId().value();
            what = "approved" + (m.reason() == null ? "" : ": " + m.reason());
        } else if (event instanceof StageApproved a) {
            taskId = a.taskId().value();
            what = "approved" + (a.reason() == null ? "" : ": " + a.reason())
                    + (a.overrideReason() == null ? "" : " (override: " + a.overrideReason() + ")");
        } else if (event instanceof ManagerRejected r) {
            taskId = r.taskId().value();
            what = "declined: " + r.reason();
        } else if (event instanceof RevisionRequested r) {
            taskId = r.taskId().value();
            what = "returned for revision: " + r.reason();
        }
        if (taskId != null) {
            jdbc.update("""
                    insert into inbox_task_history (event_id, task_id, at, actor_id, what) values (?, ?, ?, ?, ?)
                    on conflict do nothing""", event.eventId().value(), taskId, Timestamp.from(event.occurredAt()),
                    event.actorId() == null ? null : event.actorId().value(), what);
        }
    }

    private void close(String taskId, String status, String decidedBy, java.time.Instant at) {
        jdbc.update("update inbox_task set status = ?, decided_by = ?, decided_at = ? where task_id = ?", status,
                decidedBy, Timestamp.from(at), taskId);
    }

}
