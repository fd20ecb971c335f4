package io.accessledger.request.intake;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.request.catalog.PolicyCatalog;
import io.accessledger.request.directory.DirectoryView;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.NewIds;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /api/v1/access-requests}: checked at the door, then one {@code RequestSubmitted}. */
@RestController
public class IntakeController {
    private final CommandGateway commands;
    private final DirectoryView directory;
    private final PolicyCatalog catalog;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public IntakeController(CommandGateway commands, DirectoryView directory, PolicyCatalog catalog,
            JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.commands = commands;
        this.directory = directory;
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    public record SubmitBody(String beneficiaryId, String resourceId, String accessLevel, String justification,
            String accessDuration, String ticketRef) {
    }

    public record Submitted(String requestId, String status) {
    }

    @PostMapping("/api/v1/access-requests")
    public Mono<ResponseEntity<Submitted>> submit(@RequestBody SubmitBody body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return Blocking.call(() -> transactions.execute(status -> {
            if (idempotencyKey != null) {
                List<String> earlier = jdbc.queryForList("select request_id from idempotency_key"
                        + " where requester_id = ? and idem_key = ?", String.class, caller.employeeId().value(),
                        idempotencyKey);
                if (!earlier.isEmpty()) {
                    return accepted(earlier.get(0));
                }
            }
            RequestId requestId = NewIds.requestId();
            commands.sendAndWait(checked(body, caller, requestId));
            if (idempotencyKey != null) {
                jdbc.update("insert into idempotency_key (requester_id, idem_key, request_id) values (?, ?, ?)",
                        caller.employeeId().value(), idempotencyKey, requestId.value());
            }
            return accepted(requestId.value());
        }));
    }

    private AccessRequest.SubmitAccessRequest checked(SubmitBody body, Caller caller, RequestId requestId) {
        if (body == null) {
            throw ApiProblem.invalid("body", "A JSON body is required");
        }
        require(body.resourceId(), "resourceId");
        require(body.accessLevel(), "accessLevel");
        Duration duration = duration(body.accessDuration());
        EmployeeId beneficiaryId = body.beneficiaryId() == null || body.beneficiaryId().isBlank()
                ? caller.employeeId() : EmployeeId.of(body.beneficiaryId());
        EmployeeProfile beneficiary = directory.find(beneficiaryId)
                .orElseThrow(() -> ApiProblem.refused("unknown-person", "beneficiaryId", "Unknown person",
                        "Nobody with employee id " + beneficiaryId + " is in the directory."));
        if (beneficiary.status() == EmploymentStatus.TERMINATED) {
            throw ApiProblem.refused("person-terminated", "beneficiaryId", "Person has left",
                    beneficiaryId + " is terminated; access cannot be requested for them.");
        }
        boolean forSomeoneElse = !beneficiaryId.equals(caller.employeeId());
        if (forSomeoneElse && !caller.has(Caller.ADMIN) && !caller.employeeId().equals(beneficiary.managerId())) {
            throw ApiProblem.forbidden("Only the beneficiary, their manager or ADMIN may request access for "
                    + beneficiaryId);
        }
        PolicyDocument policy = catalog.current().orElseThrow(() -> new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE,
                "no-policy", "No policy yet", "No policy has been published yet; try again shortly.",
                List.of()));
        Optional<IntakeRules.Refusal> refusal = Stream.of(
                        IntakeRules.justificationMissing(body.justification()),
                        IntakeRules.justificationPlaceholder(body.justification()),
                        IntakeRules.justificationTooShort(body.justification()),
                        IntakeRules.unknownResource(policy, body.resourceId()),
                        IntakeRules.unknownLevel(policy, body.resourceId(), body.accessLevel()),
                        IntakeRules.durationNotPositive(duration),
                        IntakeRules.durationAboveMaximum(policy, body.resourceId(), duration))
                .flatMap(Optional::stream).findFirst();
        if (refusal.isPresent()) {
            IntakeRules.Refusal r = refusal.get();
            throw ApiProblem.refused(r.rule(), r.field(), "Refused: " + r.rule(), r.message());
        }
        Entitlement entitlement = new Entitlement(body.resourceId(), body.accessLevel());
        List<Entitlement> profile = policy.standardProfile(beneficiary.department(), beneficiary.jobTitle());
        return new AccessRequest.SubmitAccessRequest(requestId, null, caller.employeeId(), beneficiaryId,
                body.resourceId(), body.accessLevel(), body.justification(), duration, body.ticketRef(),
                RequestSource.PORTAL, !profile.contains(entitlement), profile,
                NewIds.eventId(), clock.instant());
    }

    private static ResponseEntity<Submitted> accepted(String requestId) {
        return ResponseEntity.accepted().location(URI.create("/api/v1/access-requests/" + requestId))
                .body(new Submitted(requestId, "SUBMITTED"));
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.invalid(field, field + " is required");
        }
    }

    private static Duration duration(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid("accessDuration", "'" + text + "' is not an ISO-8601 duration such as P30D");
        }
    }
}
