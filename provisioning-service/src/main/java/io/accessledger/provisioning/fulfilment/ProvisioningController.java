package io.accessledger.provisioning.fulfilment;

import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.provisioning.grants.Grant;
import io.accessledger.provisioning.grants.GrantRules;
import io.accessledger.provisioning.grants.GrantView;
import io.accessledger.provisioning.grants.ProvisioningQueueStore;
import io.accessledger.spine.ids.NewIds;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/fulfilment-tasks} (the manual connector's queue) and {@code /api/v1/grants}. A grant's refusal
 * ({@code Refused}: 409 {@code task-not-open} / {@code grant-not-failed}, 403 for the rule) is answered by the
 * problem handler.
 */
@RestController
public class ProvisioningController {
    private static final Set<String> OVERSIGHT = Set.of(Caller.IAM, Caller.SECURITY, Caller.COMPLIANCE,
            Caller.AUDITOR, Caller.ADMIN);
    private static final String PROVISIONING = "PROVISIONING";
    private final FulfilmentTaskView tasks;
    private final GrantView grants;
    private final ProvisioningQueueStore queue;
    private final CommandGateway commands;
    private final Clock clock;

    public ProvisioningController(FulfilmentTaskView tasks, GrantView grants, ProvisioningQueueStore queue,
            CommandGateway commands, Clock clock) {
        this.tasks = tasks;
        this.grants = grants;
        this.queue = queue;
        this.commands = commands;
        this.clock = clock;
    }

    /**
     * A grant. {@code failedAttempts}, {@code lastAnswer} (the target's) and {@code nextAttemptAt} show a connector's
     * progress while it retries, and why it failed.
     */
    public record GrantItem(String grantId, String requestId, String employeeId, String entitlement, String target,
            String status, Instant grantedAt, Instant expiresAt, Instant reviewDueAt, Integer failedAttempts,
            String lastAnswer, Instant nextAttemptAt) {
    }

    public record Retry(String reason) {
    }

    public record Completion(String reference, String note) {
    }

    @GetMapping("/api/v1/fulfilment-tasks")
    public Mono<List<FulfilmentTaskView.FulfilmentTask>> tasks(@RequestParam(defaultValue = "OPEN") String status,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return Blocking.call(() -> tasks.tasks(status, caller.employeeId().value(), caller.roles()));
    }

    @PostMapping("/api/v1/fulfilment-tasks/{taskId}/completion")
    public Mono<Map<String, String>> complete(@PathVariable String taskId,
            @RequestBody(required = false) Completion body, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return Blocking.call(() -> {
            // an unknown id is refused as someone else's task is (403, the same problem): ids tell nobody anything
            String grantId = tasks.grantOf(taskId).orElseThrow(() -> GrantRules.notTheirs(caller.employeeId()));
            commands.sendAndWait(new Grant.CompleteFulfilment(GrantId.of(grantId), TaskId.of(taskId),
                    caller.employeeId(), caller.roles(), body == null ? null : body.reference(), NewIds.commandId(),
                    clock.instant()));
            return Map.of("taskId", taskId, "grantId", grantId, "status", "COMPLETED");
        });
    }

    /** IAM sends a failed grant back to its target, with a fresh retry budget. The grant itself says if it exists. */
    @PostMapping("/api/v1/grants/{grantId}/retry")
    public Mono<Map<String, String>> retry(@PathVariable String grantId, @RequestBody(required = false) Retry body,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (!caller.roles().contains(Caller.IAM) && !caller.roles().contains(Caller.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("Only IAM retries a failed grant"));
        }
        return Blocking.call(() -> {
            try {
                commands.sendAndWait(new Grant.RetryProvisioning(GrantId.of(grantId), caller.employeeId(),
                        body == null ? null : body.reason(), NewIds.commandId(), clock.instant()));
            } catch (AggregateNotFoundException unknown) {
                throw ApiProblem.notFound("Grant " + grantId);
            }
            return Map.of("grantId", grantId, "status", PROVISIONING);
        });
    }

    /**
     * The grants as {@link GrantView} knows them, with their connector's progress, and — listed as PROVISIONING from
     * the approval on — those whose connector is still being called before they published anything.
     */
    @GetMapping("/api/v1/grants")
    public Mono<List<GrantItem>> grants(@RequestParam(required = false) String employeeId,
            @RequestParam(required = false) String status, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        boolean oversight = caller.roles().stream().anyMatch(OVERSIGHT::contains);
        String who = employeeId != null ? employeeId : oversight ? null : caller.employeeId().value();
        if (!oversight && !caller.employeeId().value().equals(who)) {
            return Mono.error(ApiProblem.forbidden("You may list only your own grants"));
        }
        return Blocking.call(() -> {
            List<GrantView.Listed> listed = new ArrayList<>(grants.list(who, status));
            List<ProvisioningQueueStore.Granting> granting = status == null || PROVISIONING.equals(status)
                    ? queue.granting(who) : List.of();
            if (!granting.isEmpty()) {
                Set<String> known = grants.known(granting.stream().map(ProvisioningQueueStore.Granting::grantId)
                        .toList());
                granting.stream().filter(g -> !known.contains(g.grantId()))
                        .map(g -> new GrantView.Listed(g.grantId(), g.requestId(), g.employeeId(), g.entitlement(),
                                g.target(), PROVISIONING, g.openedAt(), null, null, null))
                        .forEach(listed::add);
            }
            listed.sort(Comparator.comparing(GrantView.Listed::statusAt,
                    Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(GrantView.Listed::grantId));
            Map<String, ProvisioningQueueStore.Attempts> progress = queue.attempts(
                    listed.stream().map(GrantView.Listed::grantId).toList());
            return listed.stream().map(g -> {
                ProvisioningQueueStore.Attempts a = progress.get(g.grantId());
                return new GrantItem(g.grantId(), g.requestId(), g.employeeId(), g.entitlement(), g.target(),
                        g.status(), g.grantedAt(), g.expiresAt(), g.reviewDueAt(),
                        a == null ? null : a.failedAttempts(), a == null ? null : a.lastAnswer(),
                        a == null ? null : a.nextAttemptAt());
            }).toList();
        });
    }
}
