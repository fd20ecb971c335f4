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
    private final Holdings holdings;
    private final Clock clock;

    public IntakeController(CommandGateway commands, DirectoryView directory, PolicyCatalog catalog,
            JdbcTemplate jdbc, TransactionTemplate transactions, Holdings holdings, Clock clock) {
        this.commands = commands;
        this.holdings = holdings;
        this.directory = directory;
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    public record SubmitBody(String beneficiaryId, String resourceId, String accessLevel, String justification,
            String accessDuration, String ticketRef, List<Item> items) {
    }

    /** One entitlement of a bundle: each becomes its own request, sharing the bundle's id. */
    public record Item(String resourceId, String accessLevel, String accessDuration) {
    }

    public record Submitted(String requestId, String status, String bundleId, List<Submitted> requests) {
    }

    @PostMapping("/api/v1/access-requests")
    public Mono<ResponseEntity<Submitted>> submit(@RequestBody SubmitBody body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return Blocking.call(() -> transactions.execute(status -> {
            if (idempotencyKey != null) {
                List<String> earlier = jdbc.queryForList("select response from idempotency_key"
                        + " where requester_id = ? and idem_key = ?", String.class, caller.employeeId().value(),
                        idempotencyKey);
                if (!earlier.isEmpty()) {
                    return accepted(io.accessledger.events.codec.EventJson.read(earlier.get(0), Submitted.class));
                }
            }
            if (body == null) {
                throw ApiProblem.invalid("body", "A JSON body is required");
            }
            Submitted submitted;
            if (body.items() != null && !body.items().isEmpty()) {
                submitted = submitBundle(body, caller);
            } else {
                RequestId requestId = NewIds.requestId();
                commands.sendAndWait(checked(body, body.resourceId(), body.accessLevel(), body.accessDuration(),
                        null, caller, requestId));
                submitted = new Submitted(requestId.value(), "SUBMITTED", null, null);
            }
            if (idempotencyKey != null) {
                jdbc.update("insert into idempotency_key (requester_id, idem_key, request_id, response)"
                        + " values (?, ?, ?, ?)", caller.employeeId().value(), idempotencyKey,
                        submitted.requestId() != null ? submitted.requestId() : submitted.bundleId(),
                        io.accessledger.events.codec.EventJson.write(submitted));
            }
            return accepted(submitted);
        }));
    }

    /** Every item is checked before any is submitted: a bundle is accepted whole or refused whole. */
    private Submitted submitBundle(SubmitBody body, Caller caller) {
        if (body.resourceId() != null || body.accessLevel() != null) {
            throw ApiProblem.invalid("items", "Give either resourceId/accessLevel or items, not both");
        }
        if (body.items().size() > 20) {
            throw ApiProblem.invalid("items", "A bundle holds at most 20 entitlements");
        }
        String bundleId = "B-" + NewIds.commandId();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<AccessRequest.SubmitAccessRequest> commandsToSend = new java.util.ArrayList<>();
        for (int i = 0; i < body.items().size(); i++) {
            Item item = body.items().get(i);
            if (item == null || !seen.add(item.resourceId() + ":" + item.accessLevel())) {
                throw ApiProblem.invalid("items[" + i + "]", "Each entitlement appears once in a bundle");
            }
            commandsToSend.add(checked(body, item.resourceId(), item.accessLevel(), item.accessDuration(), bundleId,
                    caller, NewIds.requestId()));
        }
        List<Submitted> requests = new java.util.ArrayList<>();
        for (AccessRequest.SubmitAccessRequest command : commandsToSend) {
            commands.sendAndWait(command);
            requests.add(new Submitted(command.requestId().value(), "SUBMITTED", bundleId, null));
        }
        return new Submitted(null, "SUBMITTED", bundleId, requests);
    }

    private AccessRequest.SubmitAccessRequest checked(SubmitBody body, String resourceId, String accessLevel,
            String accessDuration, String bundleId, Caller caller, RequestId requestId) {
        return checked(requestId, bundleId, caller, body.beneficiaryId(), resourceId, accessLevel,
                body.justification(), accessDuration, body.ticketRef(), RequestSource.PORTAL);
    }

    /**
     * The door checks shared by every intake channel: throws an {@link ApiProblem} when the request is refused,
     * otherwise answers the command to send. A blank {@code beneficiaryId} means the caller themselves.
     */
    public AccessRequest.SubmitAccessRequest checked(RequestId requestId, String bundleId, Caller caller,
            String beneficiaryIdText, String resourceId, String accessLevel, String justification,
            String accessDuration, String ticketRef, RequestSource source) {
        require(resourceId, "resourceId");
        require(accessLevel, "accessLevel");
        Duration duration = duration(accessDuration);
        EmployeeId beneficiaryId = beneficiaryIdText == null || beneficiaryIdText.isBlank()
                ? caller.employeeId() : EmployeeId.of(beneficiaryIdText);
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
                        IntakeRules.justificationMissing(justification),
                        IntakeRules.justificationPlaceholder(justification),
                        IntakeRules.justificationTooShort(justification),
                        IntakeRules.unknownResource(policy, resourceId),
                        IntakeRules.unknownLevel(policy, resourceId, accessLevel),
                        IntakeRules.durationNotPositive(duration),
                        IntakeRules.durationAboveMaximum(policy, resourceId, duration))
                .flatMap(Optional::stream).findFirst();
        if (refusal.isPresent()) {
            IntakeRules.Refusal r = refusal.get();
            throw ApiProblem.refused(r.rule(), r.field(), "Refused: " + r.rule(), r.message());
        }
        Entitlement entitlement = new Entitlement(resourceId, accessLevel);
        String grant = holdings.held(beneficiaryId).get(entitlement);
        if (grant != null) {
            throw ApiProblem.conflict("alreadyHeld", beneficiaryId + " already holds " + entitlement + " (grant "
                    + grant + ")");
        }
        holdings.pending(beneficiaryId, entitlement).ifPresent(pending -> {
            throw ApiProblem.conflict("alreadyRequested", beneficiaryId + " already has request " + pending
                    + " in flight for " + entitlement);
        });
        List<Entitlement> profile = policy.standardProfile(beneficiary.department(), beneficiary.jobTitle());
        return new AccessRequest.SubmitAccessRequest(requestId, bundleId, caller.employeeId(), beneficiaryId,
                resourceId, accessLevel, justification, duration, ticketRef,
                source, !profile.contains(entitlement), profile,
                NewIds.eventId(), clock.instant());
    }

    private static ResponseEntity<Submitted> accepted(Submitted submitted) {
        String location = submitted.requestId() != null ? "/api/v1/access-requests/" + submitted.requestId()
                : "/api/v1/access-requests?bundleId=" + submitted.bundleId();
        return ResponseEntity.accepted().location(URI.create(location)).body(submitted);
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
