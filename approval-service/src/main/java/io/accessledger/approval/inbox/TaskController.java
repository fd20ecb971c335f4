package io.accessledger.approval.inbox;

import io.accessledger.approval.cases.ApprovalCase;
import io.accessledger.approval.cases.ApprovalRules;
import io.accessledger.approval.cases.Outcome;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Conditions;
import io.accessledger.spine.ids.NewIds;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import io.accessledger.web.InputIds;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The approver's inbox and decisions: {@code /api/v1/approvals/tasks}. Reads come from {@link InboxView}; decisions
 * and delegations go to the case, whose refusals ({@code Refused}) the problem handler answers.
 */
@RestController
public class TaskController {
    private final InboxView inbox;
    private final CommandGateway commands;
    private final Clock clock;

    public TaskController(InboxView inbox, CommandGateway commands, Clock clock) {
        this.inbox = inbox;
        this.commands = commands;
        this.clock = clock;
    }

    public record ConditionsBody(String accessDuration, Boolean mfaRequired, Boolean monitoring) {
    }

    public record DecisionBody(String outcome, String reason, ConditionsBody conditions, String overrideReason) {
    }

    public record DelegationBody(String delegateId, String reason) {
    }

    @GetMapping("/api/v1/approvals/tasks")
    public Mono<List<InboxView.Task>> tasks(@RequestParam(defaultValue = "OPEN") String status,
            @RequestParam(required = false) String stage, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return Blocking.call(() -> inbox.tasksOf(caller.employeeId(), caller.roles(), status, stage));
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
            RequestId request = requestOf(taskId, caller);
            commands.sendAndWait(new ApprovalCase.DecideTask(request, TaskId.of(taskId), caller.employeeId(),
                    caller.roles(), outcome, body.reason(), conditions, body.overrideReason(), NewIds.commandId(),
                    clock.instant()));
            return Map.of("taskId", taskId, "requestId", request.value(), "outcome", outcome.name());
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
            RequestId request = requestOf(taskId, caller);
            commands.sendAndWait(new ApprovalCase.DelegateTask(request, TaskId.of(taskId), caller.employeeId(),
                    caller.roles(), InputIds.employeeId("delegateId", body.delegateId()), body.reason(),
                    NewIds.commandId(),
                    clock.instant()));
            return Map.of("taskId", taskId, "requestId", request.value(), "delegateId", body.delegateId());
        });
    }

    /**
     * The request of a task the inbox knows. An unknown id is refused as someone else's task is (the case's rule, 403,
     * the same problem), so that trying ids tells nobody which tasks exist.
     */
    private RequestId requestOf(String taskId, Caller caller) {
        return inbox.requestOf(TaskId.of(taskId)).orElseThrow(() -> ApprovalRules.notTheirs(caller.employeeId()));
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
}
