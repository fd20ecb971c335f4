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
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Finding;
import io.accessledger.spine.replay.ReadModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The approvers' inbox, the owner of its read model ({@code inbox_request}, {@code inbox_evaluation},
 * {@code inbox_task}, {@code inbox_task_history}, {@code inbox_withdrawal}): its only writer, projected from the
 * request, policy and the service's own approval topic (in whatever order they arrive), and its only reader,
 * answering records.
 */
@Component
public class InboxView implements ReadModel {
    private static final int PAGE = 500;
    private final JdbcTemplate jdbc;
    private final DecisionTimes decisionTimes;

    public InboxView(JdbcTemplate jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.decisionTimes = new DecisionTimes(clock, meters);
    }

    /** What was asked for, as the inbox shows it with each task. */
    public record TaskRequest(String requesterId, String beneficiaryId, String entitlement, String justification,
            String accessDuration, Instant submittedAt) {
    }

    /** A task with its request, the policy's findings (and their rules as flags) and its history. */
    public record Task(String taskId, String requestId, String stage, String assigneeId, String delegateId,
            String queue, Instant dueAt, int escalationLevel, String status, TaskRequest request, String riskLevel,
            String policyVersion, List<Finding> findings, List<String> flags, List<HistoryEntry> history) {
        Task withHistory(List<HistoryEntry> entries) {
            return new Task(taskId, requestId, stage, assigneeId, delegateId, queue, dueAt, escalationLevel, status,
                    request, riskLevel, policyVersion, findings, flags, entries);
        }
    }

    public record HistoryEntry(Instant at, String actorId, String what) {
    }

    /** An open task whose due time matters to the deadline watch. */
    public record Due(RequestId requestId, TaskId taskId, Instant dueAt) {
    }

    /**
     * The caller's tasks in this status (assigned to them, delegated to them, or in the queue of one of their roles),
     * never one of a request they asked for or benefit from; of one stage if given; by due time.
     */
    public List<Task> tasksOf(EmployeeId caller, Set<String> roles, String status, String stage) {
        List<Task> tasks = jdbc.query("""
                select t.*, r.requester_id, r.beneficiary_id, r.entitlement, r.justification, r.access_duration,
                    r.submitted_at, e.risk_level, e.policy_version, e.findings
                from inbox_task t left join inbox_request r on r.request_id = t.request_id
                    left join inbox_evaluation e on e.request_id = t.request_id
                where t.status = ? and (t.assignee_id = ? or t.delegate_id = ? or t.queue = any(?))
                    and coalesce(r.requester_id, '') <> ? and coalesce(r.beneficiary_id, '') <> ?
                    and (cast(? as text) is null or t.stage = ?)
                order by t.due_at, t.task_id""", InboxView::task, status, caller.value(), caller.value(),
                roles.toArray(String[]::new), caller.value(), caller.value(), stage, stage);
        Map<String, List<HistoryEntry>> history = history(tasks.stream().map(Task::taskId).toList());
        return tasks.stream().map(t -> t.withHistory(history.getOrDefault(t.taskId(), List.of()))).toList();
    }

    /** The request a task belongs to, if the inbox knows the task. */
    public Optional<RequestId> requestOf(TaskId taskId) {
        return jdbc.queryForList("select request_id from inbox_task where task_id = ?", String.class, taskId.value())
                .stream().findFirst().map(RequestId::of);
    }

    /**
     * Each open task past its due time at {@code now}, oldest first: all of them, a page of {@value #PAGE} at a time
     * (so no number of stale tasks keeps a later one from its escalation), none of a withdrawn request.
     */
    public void forEachOverdue(Instant now, Consumer<Due> action) {
        forEachOpen("due_at <= ?", action, now);
    }

    /** Each open task not yet reminded that falls due after {@code now} and by {@code by}, soonest first (all). */
    public void forEachDueSoon(Instant now, Instant by, Consumer<Due> action) {
        forEachOpen("due_at > ? and due_at <= ? and reminded_at is null", action, now, by);
    }

    private void forEachOpen(String condition, Consumer<Due> action, Instant... at) {
        Timestamp afterDue = Timestamp.from(Instant.EPOCH);
        String afterTask = "";
        List<Due> page;
        do {
            List<Object> params = new ArrayList<>(Arrays.stream(at).map(Timestamp::from).toList());
            params.addAll(List.of(afterDue, afterTask));
            page = jdbc.query("select request_id, task_id, due_at from inbox_task t where status = 'OPEN' and "
                    + condition + " and not exists (select 1 from inbox_withdrawal w where w.request_id = t.request_id)"
                    + " and (due_at, task_id) > (?, ?) order by due_at, task_id limit " + PAGE,
                    (row, n) -> new Due(RequestId.of(row.getString(1)), TaskId.of(row.getString(2)),
                            row.getTimestamp(3).toInstant()), params.toArray());
            page.forEach(action);
            if (!page.isEmpty()) {
                afterDue = Timestamp.from(page.get(page.size() - 1).dueAt());
                afterTask = page.get(page.size() - 1).taskId().value();
            }
        } while (page.size() == PAGE);
    }

    /** The histories of these tasks, in one query. */
    private Map<String, List<HistoryEntry>> history(List<String> taskIds) {
        Map<String, List<HistoryEntry>> byTask = new HashMap<>();
        if (taskIds.isEmpty()) {
            return byTask;
        }
        jdbc.query("select task_id, at, actor_id, what from inbox_task_history where task_id = any(?)"
                + " order by at, event_id", (RowCallbackHandler) row -> byTask.computeIfAbsent(row.getString(1),
                id -> new ArrayList<>()).add(new HistoryEntry(row.getTimestamp(2).toInstant(), row.getString(3),
                row.getString(4))), (Object) taskIds.toArray(String[]::new));
        return byTask;
    }

    private static Task task(ResultSet row, int n) throws SQLException {
        String text = row.getString("findings");
        List<Finding> findings = text == null ? List.of() : List.of(EventJson.read(text, Finding[].class));
        Timestamp submitted = row.getTimestamp("submitted_at");
        return new Task(row.getString("task_id"), row.getString("request_id"), row.getString("stage"),
                row.getString("assignee_id"), row.getString("delegate_id"), row.getString("queue"),
                row.getTimestamp("due_at").toInstant(), row.getInt("escalation_level"), row.getString("status"),
                new TaskRequest(row.getString("requester_id"), row.getString("beneficiary_id"),
                        row.getString("entitlement"), row.getString("justification"), row.getString("access_duration"),
                        submitted == null ? null : submitted.toInstant()),
                row.getString("risk_level"), row.getString("policy_version"), findings,
                findings.stream().map(Finding::rule).distinct().toList(), List.of());
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
    public List<String> tables() {
        return List.of("inbox_task", "inbox_task_history", "inbox_request", "inbox_evaluation", "inbox_withdrawal");
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
        } else if (event instanceof RequestRevised r) {
            // After its submission on the same key: the approver of the new round sees what is asked for now.
            jdbc.update("""
                    update inbox_request set justification = ?,
                        entitlement = split_part(entitlement, ':', 1) || ':' || ?, access_duration = ?
                    where request_id = ?""",
                    r.justification(), r.accessLevel(),
                    r.accessDuration() == null ? null : EventJson.format(r.accessDuration()), r.requestId().value());
        } else if (event instanceof RequestWithdrawn w) {
            jdbc.update("insert into inbox_withdrawal (request_id, withdrawn_at) values (?, ?) on conflict do nothing",
                    w.requestId().value(), Timestamp.from(w.occurredAt()));
            withdrawOpenTasks("request_id = ?", w.requestId().value());
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
            withdrawOpenTasks("task_id = ?", t.taskId().value());
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

    /**
     * Withdraws the open tasks (matching {@code which}) of a withdrawn request: at its withdrawal, and at a task opened
     * after the inbox saw the withdrawal (the two come from different topics, in either order).
     */
    private void withdrawOpenTasks(String which, String id) {
        jdbc.update("update inbox_task t set status = 'WITHDRAWN', decided_at = w.withdrawn_at from inbox_withdrawal w"
                + " where w.request_id = t.request_id and t.status = 'OPEN' and t." + which, id);
    }

    /** Open tasks per stage and those past due at {@code now}: {@code "<stage>/open"}, {@code "<stage>/overdue"}. */
    public Map<String, Long> openTaskCounts(Instant now) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.query("select stage, count(*) as open, count(*) filter (where due_at < ?) as overdue"
                + " from inbox_task where status = 'OPEN' group by stage", (ResultSet row) -> {
                    counts.put(row.getString("stage") + "/open", row.getLong("open"));
                    counts.put(row.getString("stage") + "/overdue", row.getLong("overdue"));
                }, Timestamp.from(now));
        return counts;
    }

    /** Closes a task; one that was open until now is a decision for the metrics. */
    private void close(String taskId, String status, String decidedBy, Instant at) {
        jdbc.query("""
                with before as (select task_id, status, stage, opened_at, due_at from inbox_task where task_id = ?
                    for update)
                update inbox_task t set status = ?, decided_by = ?, decided_at = ? from before
                where t.task_id = before.task_id
                returning before.status as was, before.stage, before.opened_at, before.due_at""",
                (ResultSet row) -> {
                    if ("OPEN".equals(row.getString("was"))) {
                        decisionTimes.decided(row.getString("stage"), status, row.getTimestamp("opened_at").toInstant(),
                                row.getTimestamp("due_at").toInstant(), at);
                    }
                }, taskId, status, decidedBy, Timestamp.from(at));
    }

}
