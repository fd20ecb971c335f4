package io.accessledger.provisioning.fulfilment;

import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.provisioning.grants.Grant;
import io.accessledger.web.ApiProblem;
import io.accessledger.spine.commands.NewIds;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/fulfilment-tasks} (the manual connector's queue) and {@code /api/v1/grants}. */
@RestController
public class ProvisioningController {
    private static final Set<String> OVERSIGHT = Set.of(Caller.IAM, Caller.SECURITY, Caller.COMPLIANCE,
            Caller.AUDITOR, Caller.ADMIN);
    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final Clock clock;

    public ProvisioningController(JdbcTemplate jdbc, CommandGateway commands, Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
    }

    public record FulfilmentTask(String taskId, String grantId, String requestId, String employeeId,
            String entitlement, String target, String action, String assigneeId, String queue, String status,
            Instant openedAt) {
    }

    /**
     * A grant. {@code failedAttempts}, {@code lastAnswer} (the target's) and {@code nextAttemptAt} show a connector's
     * progress while it retries, and why it failed.
     */
    public record GrantView(String grantId, String requestId, String employeeId, String entitlement, String target,
            String status, Instant grantedAt, Instant expiresAt, Instant reviewDueAt, Integer failedAttempts,
            String lastAnswer, Instant nextAttemptAt) {
    }

    public record Retry(String reason) {
    }

    public record Completion(String reference, String note) {
    }

    @GetMapping("/api/v1/fulfilment-tasks")
    public Mono<List<FulfilmentTask>> tasks(@RequestParam(defaultValue = "OPEN") String status,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        StringBuilder sql = new StringBuilder("select * from fulfilment_task where status = ? and (assignee_id = ?");
        List<Object> args = new ArrayList<>(List.of(status, caller.employeeId().value()));
        if (!caller.roles().isEmpty()) {
            sql.append(" or queue in (").append(String.join(",", caller.roles().stream().map(r -> "?").toList()))
                    .append(")");
            args.addAll(caller.roles());
        }
        sql.append(") order by opened_at, task_id");
        return Blocking.call(() -> jdbc.query(sql.toString(), ProvisioningController::task, args.toArray()));
    }

    @PostMapping("/api/v1/fulfilment-tasks/{taskId}/completion")
    public Mono<Map<String, String>> complete(@PathVariable String taskId,
            @RequestBody(required = false) Completion body, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return Blocking.call(() -> {
            List<String> grants = jdbc.queryForList("select grant_id from fulfilment_task where task_id = ?",
                    String.class, taskId);
            if (grants.isEmpty()) {
                throw ApiProblem.notFound("Fulfilment task " + taskId);
            }
            try {
                commands.sendAndWait(new Grant.CompleteFulfilment(GrantId.of(grants.get(0)), TaskId.of(taskId),
                        caller.employeeId(), caller.roles(), body == null ? null : body.reference(),
                        NewIds.commandId(), clock.instant()));
            } catch (Grant.GrantRefused refused) {
                throw refused.conflict() ? ApiProblem.conflict("task-not-open", refused.getMessage())
                        : ApiProblem.forbidden(refused.getMessage());
            }
            return Map.of("taskId", taskId, "grantId", grants.get(0), "status", "COMPLETED");
        });
    }

    /** IAM sends a failed grant back to its target, with a fresh retry budget. */
    @PostMapping("/api/v1/grants/{grantId}/retry")
    public Mono<Map<String, String>> retry(@PathVariable String grantId, @RequestBody(required = false) Retry body,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (!caller.roles().contains(Caller.IAM) && !caller.roles().contains(Caller.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("Only IAM retries a failed grant"));
        }
        return Blocking.call(() -> {
            if (jdbc.queryForList("select 1 from grant_view where grant_id = ?", grantId).isEmpty()) {
                throw ApiProblem.notFound("Grant " + grantId);
            }
            try {
                commands.sendAndWait(new Grant.RetryProvisioning(GrantId.of(grantId), caller.employeeId(),
                        body == null ? null : body.reason(), NewIds.commandId(), clock.instant()));
            } catch (Grant.GrantRefused refused) {
                throw refused.conflict() ? ApiProblem.conflict("grant-not-failed", refused.getMessage())
                        : ApiProblem.forbidden(refused.getMessage());
            }
            return Map.of("grantId", grantId, "status", "PROVISIONING");
        });
    }

    @GetMapping("/api/v1/grants")
    public Mono<List<GrantView>> grants(@RequestParam(required = false) String employeeId,
            @RequestParam(required = false) String status, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        boolean oversight = caller.roles().stream().anyMatch(OVERSIGHT::contains);
        String who = employeeId != null ? employeeId : oversight ? null : caller.employeeId().value();
        if (!oversight && !caller.employeeId().value().equals(who)) {
            return Mono.error(ApiProblem.forbidden("You may list only your own grants"));
        }
        StringBuilder sql = new StringBuilder("select g.*, a.attempts, a.last_answer, a.next_attempt_at"
                + " from grant_view g left join grant_attempts a on a.grant_id = g.grant_id where true");
        List<Object> args = new ArrayList<>();
        if (who != null) {
            sql.append(" and g.employee_id = ?");
            args.add(who);
        }
        if (status != null) {
            sql.append(" and g.status = ?");
            args.add(status);
        }
        sql.append(" order by g.status_at desc, g.grant_id");
        return Blocking.call(() -> jdbc.query(sql.toString(), ProvisioningController::grant, args.toArray()));
    }

    private static FulfilmentTask task(ResultSet row, int n) throws SQLException {
        return new FulfilmentTask(row.getString("task_id"), row.getString("grant_id"), row.getString("request_id"),
                row.getString("employee_id"), row.getString("entitlement"), row.getString("target"),
                row.getString("action"), row.getString("assignee_id"), row.getString("queue"), row.getString("status"),
                instant(row.getTimestamp("opened_at")));
    }

    private static GrantView grant(ResultSet row, int n) throws SQLException {
        return new GrantView(row.getString("grant_id"), row.getString("request_id"), row.getString("employee_id"),
                row.getString("entitlement"), row.getString("target"), row.getString("status"),
                instant(row.getTimestamp("granted_at")), instant(row.getTimestamp("expires_at")),
                instant(row.getTimestamp("review_due_at")), (Integer) row.getObject("attempts"),
                row.getString("last_answer"), instant(row.getTimestamp("next_attempt_at")));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
