package io.accessledger.request.intake;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.policyinforce.PolicyInForceView;
import io.accessledger.request.directory.DirectoryView;
import io.accessledger.request.timeline.RequestView;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import io.accessledger.web.InputIds;
import io.accessledger.spine.ids.NewIds;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Withdrawal, revision after a return, and the prefill of a new request. */
@RestController
public class RequestChangesController {
    private final CommandGateway commands;
    private final DirectoryView directory;
    private final PolicyInForceView catalog;
    private final HoldingsView holdings;
    private final RequestView requests;
    private final Clock clock;

    public RequestChangesController(CommandGateway commands, DirectoryView directory, PolicyInForceView catalog,
            HoldingsView holdings, RequestView requests, Clock clock) {
        this.commands = commands;
        this.directory = directory;
        this.catalog = catalog;
        this.holdings = holdings;
        this.requests = requests;
        this.clock = clock;
    }

    public record WithdrawalBody(String reason) {
    }

    public record RevisionBody(String justification, String accessLevel, String accessDuration) {
    }

    public record PrefillBody(String beneficiaryId) {
    }

    public record Position(String department, String jobTitle, String managerId) {
    }

    public record Prefill(Position employee, List<String> currentEntitlements, List<String> standardProfile,
            List<String> missingFromProfile) {
    }

    @PostMapping("/api/v1/access-requests/{requestId}/withdrawal")
    public Mono<Map<String, String>> withdraw(@PathVariable String requestId, @RequestBody WithdrawalBody body,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return Blocking.call(() -> {
            RequestId id = RequestId.of(requestId);
            send(new AccessRequest.WithdrawAccessRequest(id, caller.employeeId(),
                    body == null ? null : body.reason(), NewIds.eventId(), clock.instant()),
                    () -> AccessRequest.notTheirsToWithdraw(id));
            return Map.of("requestId", requestId, "status", "WITHDRAWN");
        });
    }

    @PostMapping("/api/v1/access-requests/{requestId}/revision")
    public Mono<Map<String, String>> revise(@PathVariable String requestId, @RequestBody RevisionBody body,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (body == null) {
            return Mono.error(ApiProblem.invalid("body", "A JSON body is required"));
        }
        return Blocking.call(() -> {
            // Only the requester gets past here, whether the request exists or not: its checks come after.
            RequestId id = RequestId.of(requestId);
            Entitlement current = requests.entitlementRequestedBy(requestId, caller.employeeId())
                    .orElseThrow(() -> AccessRequest.notTheirsToRevise(id));
            String resourceId = current.resourceId();
            String level = body.accessLevel() == null || body.accessLevel().isBlank() ? current.level()
                    : body.accessLevel();
            Duration duration = IntakeDoor.duration(body.accessDuration());
            PolicyDocument policy = catalog.current().orElseThrow(() -> ApiProblem.notFound("A published policy"));
            IntakeDoor.refuseIf(IntakeRules.atTheDoor(policy, resourceId, level, body.justification(), duration));
            send(new AccessRequest.ReviseAccessRequest(id, caller.employeeId(),
                    body.justification(), level, duration, NewIds.eventId(), clock.instant()),
                    () -> AccessRequest.notTheirsToRevise(id));
            return Map.of("requestId", requestId, "status", "IN_REVIEW");
        });
    }

    @PostMapping("/api/v1/access-requests/prefill")
    public Mono<Prefill> prefill(@RequestBody PrefillBody body, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return Blocking.call(() -> {
            EmployeeId beneficiaryId = body == null || body.beneficiaryId() == null ? caller.employeeId()
                    : InputIds.employeeId("beneficiaryId", body.beneficiaryId());
            EmployeeProfile person = directory.find(beneficiaryId).orElseThrow(() -> ApiProblem.refused(
                    "unknown-person", "beneficiaryId", "Unknown person", beneficiaryId + " is not in the directory"));
            boolean allowed = beneficiaryId.equals(caller.employeeId())
                    || caller.employeeId().equals(person.managerId()) || caller.has(Caller.ADMIN)
                    || caller.has(Caller.IAM);
            if (!allowed) {
                throw ApiProblem.forbidden("Only the person, their manager, IAM or ADMIN may see this");
            }
            PolicyDocument policy = catalog.current().orElseThrow(() -> new ApiProblem(
                    HttpStatus.SERVICE_UNAVAILABLE, "no-policy", "No policy yet", "No policy has been published yet"));
            List<Entitlement> held = holdings.held(beneficiaryId).keySet().stream()
                    .sorted(java.util.Comparator.comparing(Entitlement::toString)).toList();
            List<Entitlement> profile = policy.standardProfile(person.department(), person.jobTitle());
            return new Prefill(new Position(person.department(), person.jobTitle(),
                    person.managerId() == null ? null : person.managerId().value()),
                    held.stream().map(Entitlement::toString).toList(),
                    profile.stream().map(Entitlement::toString).toList(),
                    profile.stream().filter(e -> !held.contains(e)).map(Entitlement::toString).toList());
        });
    }

    /**
     * Sends a change to the request; a refusal of the request itself is answered by the problem handler, and an id
     * that names no request by {@code unknown} — the refusal an outsider gets for someone else's request.
     */
    private void send(Object command, java.util.function.Supplier<RuntimeException> unknown) {
        try {
            commands.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            throw unknown.get();
        }
    }
}
