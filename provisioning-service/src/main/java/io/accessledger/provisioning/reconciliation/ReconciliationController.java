package io.accessledger.provisioning.reconciliation;

import io.accessledger.events.provisioning.ReconciliationTrigger;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/reconciliations}: IAM or COMPLIANCE start a reconciliation of a target (202, run in the
 * background; 404 for a target that is not configured; 409 while one of that target runs); IAM, COMPLIANCE and
 * AUDITOR follow its progress, list the recent runs and the removals of ungoverned access.
 */
@RestController
public class ReconciliationController {
    private static final Set<String> STARTERS = Set.of(Caller.IAM, Caller.COMPLIANCE);
    private static final Set<String> READERS = Set.of(Caller.IAM, Caller.COMPLIANCE, Caller.AUDITOR);
    private static final int RECENT = 50;
    private final ReconciliationRunner runner;
    private static final Set<String> REMOVAL_STATUSES = Set.of("REMOVED", "FAILED");
    private final ReconciliationStore store;
    private final UngovernedRemovalsView removals;
    private final UngovernedRemovalRetry retry;

    public ReconciliationController(ReconciliationRunner runner, ReconciliationStore store,
            UngovernedRemovalsView removals, UngovernedRemovalRetry retry) {
        this.runner = runner;
        this.store = store;
        this.removals = removals;
        this.retry = retry;
    }

    public record StartRequest(String target) {
    }

    @PostMapping("/api/v1/reconciliations")
    public Mono<ResponseEntity<Map<String, String>>> start(@RequestBody(required = false) StartRequest body,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (caller.roles().stream().noneMatch(STARTERS::contains)) {
            return Mono.error(ApiProblem.forbidden("Only IAM or COMPLIANCE start a reconciliation"));
        }
        if (body == null || body.target() == null || body.target().isBlank()) {
            return Mono.error(ApiProblem.invalid("target", "name the target to reconcile"));
        }
        return Blocking.call(() -> {
            ReconciliationRunner.Start start = runner.start(body.target(), ReconciliationTrigger.ON_DEMAND,
                    caller.employeeId());
            if (start instanceof ReconciliationRunner.Start.UnknownTarget) {
                throw ApiProblem.notFound("Target " + body.target());
            }
            if (start instanceof ReconciliationRunner.Start.AlreadyRunning) {
                throw ApiProblem.conflict("reconciliation-running", "A reconciliation of target " + body.target()
                        + " is running");
            }
            String id = ((ReconciliationRunner.Start.Started) start).reconciliationId();
            return ResponseEntity.accepted().location(URI.create("/api/v1/reconciliations/" + id))
                    .body(Map.of("reconciliationId", id));
        });
    }

    @GetMapping("/api/v1/reconciliations/{reconciliationId}")
    public Mono<ReconciliationStore.Run> run(@PathVariable String reconciliationId, Authentication authentication) {
        if (!reads(authentication)) {
            return Mono.error(ApiProblem.forbidden("Only IAM, COMPLIANCE or AUDITOR read reconciliations"));
        }
        return Blocking.call(() -> store.find(reconciliationId)
                .orElseThrow(() -> ApiProblem.notFound("Reconciliation " + reconciliationId)));
    }

    @GetMapping("/api/v1/reconciliations")
    public Mono<List<ReconciliationStore.Run>> recent(@RequestParam(required = false) String target,
            Authentication authentication) {
        if (!reads(authentication)) {
            return Mono.error(ApiProblem.forbidden("Only IAM, COMPLIANCE or AUDITOR read reconciliations"));
        }
        return Blocking.call(() -> store.recent(target, RECENT));
    }

    /** The latest removals of ungoverned access, REMOVED or FAILED with the target's answer. */
    @GetMapping("/api/v1/reconciliations/removals")
    public Mono<List<UngovernedRemovalsView.Removal>> removals(@RequestParam(required = false) String status,
            Authentication authentication) {
        if (!reads(authentication)) {
            return Mono.error(ApiProblem.forbidden("Only IAM, COMPLIANCE or AUDITOR read reconciliations"));
        }
        if (status != null && !REMOVAL_STATUSES.contains(status)) {
            return Mono.error(ApiProblem.invalid("status", "REMOVED or FAILED"));
        }
        return Blocking.call(() -> removals.recent(status));
    }

    /**
     * IAM (or ADMIN) sends a FAILED removal back to its target and is answered what came of it: REMOVED with the
     * target's reference, or FAILED with its new answer. 404 for an unknown removal, 409 {@code removal-not-failed}
     * for one REMOVED or being retried. The removal itself says if it exists.
     */
    @PostMapping("/api/v1/reconciliations/removals/{removalId}/retry")
    public Mono<Map<String, Object>> retry(@PathVariable String removalId, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (!caller.roles().contains(Caller.IAM) && !caller.roles().contains(Caller.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("Only IAM retries a failed removal"));
        }
        return Blocking.call(() -> {
            UngovernedRemover.Outcome outcome;
            try {
                outcome = retry.retry(removalId, caller.employeeId());
            } catch (AggregateNotFoundException unknown) {
                throw ApiProblem.notFound("Removal " + removalId);
            }
            return outcome instanceof UngovernedRemover.Outcome.Removed removed
                    ? Map.of("removalId", removalId, "status", "REMOVED", "attempts", removed.attempts(), "answer",
                            removed.reference())
                    : Map.of("removalId", removalId, "status", "FAILED", "attempts",
                            ((UngovernedRemover.Outcome.Failed) outcome).attempts(), "answer",
                            ((UngovernedRemover.Outcome.Failed) outcome).answer());
        });
    }

    private static boolean reads(Authentication authentication) {
        return Caller.of(authentication).roles().stream().anyMatch(READERS::contains);
    }
}
