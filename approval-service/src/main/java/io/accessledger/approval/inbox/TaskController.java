package io.accessledger.approval.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.approval.cases.ApprovalCase;
import io.accessledger.approval.cases.DecisionRefused;
import io.accessledger.approval.cases.Outcome;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Conditions;
import io.accessledger.web.ApiProblem;
import io.accessledger.spine.commands.NewIds;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The approver's inbox and decisions: {@code /api/v1/approvals/tasks}. */
@RestController
public class TaskController {
    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final Clock clock;
    private final ObjectMapper json = EventJson.mapper();

    public TaskController(JdbcTemplate jdbc, CommandGateway commands, Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
    }

    public record TaskRequest(String requesterId, String beneficiaryId, String entitlement, String justification,
            String accessDuration, Instant submittedAt) {
    }

    public record Task(String taskId, String requestId, String stage, String assigneeId, String delegateId,
            String queue, Instant dueAt, int escalationLevel, String status, TaskRequest request, String riskLevel, String policyVersion, Object findings,
            List<String> flags, List<HistoryEntry> history) {
    }

    public record HistoryEntry(Instant at, String actorId, String what) {
    }

    public record ConditionsBody(String accessDuration, Boolean mfaRequired, Boolean monitoring) {
    }

    public record DecisionBody(String outcome, String reason, ConditionsBody conditions, String overrideReason) {
    }

    public record DelegationBody(String delegateId, String reason) {
    }

    @GetMapping("/api/v1/approvals/tasks")
    public Mono<List<Task>> tasks(@RequestParam(defaultValue = "OPEN") String status,
            @RequestParam(required = false) String stage, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        StringBuilder sql = new StringBuilder("""
                select t.*, r.requester_id, r.beneficiary_id, r.entitlement, r.justification, r.access_duration,
                    r.submitted_at, e.risk_level, e.policy_version, e.findings
                from inbox_task t left join inbox_request r on r.request_id = t.request_id
                    left join inbox_evaluation e on e.request_id = t.request_id
                where t.status = ? and (t.assignee_id = ? or t.delegate_id = ?""");
        List<Object> args = new ArrayList<>(List.of(status, caller.employeeId().value(),
                caller.employeeId().value()));
        if (!caller.roles().isEmpty()) {
            sql.append(" or t.queue in (").append(String.join(",", caller.roles().stream().map(r -> "?").toList()))
                    .append(")");
            args.addAll(caller.roles());
        }
        sql.append(") and coalesce(r.requester_id, '') <> ? and coalesce(r.beneficiary_id, '') <> ?");
        args.add(caller.employeeId().value());
        args.add(caller.employeeId().value());
        if (stage != null) {
            sql.append(" and t.stage = ?");
            args.add(stage);
        }
        sql.append(" order by t.due_at, t.task_id");
        return Blocking.call(() -> jdbc.query(sql.toString(), this::task, args.toArray()));
    }

    @PostMapping("/api/v1/approvals/tasks/{taskId}/decision")
    public Mono<Map<String, String>> decide(@PathVariable String taskId, @RequestBody DecisionBody body,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        Outcome outcome;
        Conditions conditions;
        try {
            outcome = Outcome.valueOf(body == null || body.outcome() == null ? "" : body.outcome());
            conditions = conditions(body.conditions());
        } catch (IllegalArgumentException e) {
            return Mono.error(ApiProblem.invalid("outcome",
                    "outcome must be one of APPROVE, APPROVE_WITH_CONDITIONS, DENY, RETURN"));
        }
        return Blocking.call(() -> {
            List<String> requests = jdbc.queryForList("select request_id from inbox_task where task_id = ?",
                    String.class, taskId);
            if (requests.isEmpty()) {
                throw ApiProblem.notFound("Task " + taskId);
            }
            try {
                commands.sendAndWait(new ApprovalCase.DecideTask(RequestId.of(requests.get(0)), TaskId.of(taskId),
                        caller.employeeId(), caller.roles(), outcome, body.reason(), conditions,
                        body.overrideReason(), NewIds.commandId(), clock.instant()));
            } catch (DecisionRefused refused) {
                throw problem(refused);
            }
            return Map.of("taskId", taskId, "requestId", requests.get(0), "outcome", outcome.name());
        });
    }

    @PostMapping("/api/v1/approvals/tasks/{taskId}/delegation")
    public Mono<Map<String, String>> delegate(@PathVariable String taskId, @RequestBody DelegationBody body,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (body == null || body.delegateId() == null || body.delegateId().isBlank()) {
            return Mono.error(ApiProblem.invalid("delegateId", "delegateId is required"));
        }
        return Blocking.call(() -> {
            List<String> requests = jdbc.queryForList("select request_id from inbox_task where task_id = ?",
                    String.class, taskId);
            if (requests.isEmpty()) {
                throw ApiProblem.notFound("Task " + taskId);
            }
            try {
                commands.sendAndWait(new ApprovalCase.DelegateTask(RequestId.of(requests.get(0)), TaskId.of(taskId),
                        caller.employeeId(), caller.roles(), EmployeeId.of(body.delegateId()), body.reason(),
                        NewIds.commandId(), clock.instant()));
            } catch (DecisionRefused refused) {
                throw problem(refused);
            }
            return Map.of("taskId", taskId, "requestId", requests.get(0), "delegateId", body.delegateId());
        });
    }

    private static ApiProblem problem(DecisionRefused refused) {
        return switch (refused.kind()) {
            case CLOSED -> ApiProblem.conflict(refused.rule(), refused.getMessage());
            case NOT_ALLOWED -> new ApiProblem(HttpStatus.FORBIDDEN, refused.rule(), "Not allowed",
                    refused.getMessage());
            case INVALID -> ApiProblem.refused(refused.rule(), "reason", "Refused", refused.getMessage());
        };
    }

    private static Conditions conditions(ConditionsBody body) {
        if (body == null) {
            return null;
        }
        try {
            Duration duration = body.accessDuration() == null ? null : Duration.parse(body.accessDuration());
            return new Conditions(duration, body.mfaRequired(), body.monitoring());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("accessDuration is not an ISO-8601 duration");
        }
    }

    private Task task(ResultSet row, int n) throws SQLException {
        String requestId = row.getString("request_id");
        List<Map<String, Object>> findings;
        try {
            String text = row.getString("findings");
            findings = text == null ? List.of() : json.readValue(text,
                    new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() { });
        } catch (IOException e) {
            throw new SQLException(e);
        }
        List<String> flags = findings.stream().map(finding -> String.valueOf(finding.get("rule"))).distinct()
                .toList();
        java.sql.Timestamp submitted = row.getTimestamp("submitted_at");
        return new Task(row.getString("task_id"), requestId, row.getString("stage"), row.getString("assignee_id"),
                row.getString("delegate_id"), row.getString("queue"), row.getTimestamp("due_at").toInstant(),
                row.getInt("escalation_level"), row.getString("status"),
                new TaskRequest(row.getString("requester_id"), row.getString("beneficiary_id"),
                        row.getString("entitlement"), row.getString("justification"), row.getString("access_duration"),
                        submitted == null ? null : submitted.toInstant()),
                row.getString("risk_level"), row.getString("policy_version"), findings, flags,
                jdbc.query("select at, actor_id, what from inbox_task_history where task_id = ? order by at, event_id",
                        (h, i) -> new HistoryEntry(h.getTimestamp(1).toInstant(), h.getString(2), h.getString(3)),
                        row.getString("task_id")));
    }
}
