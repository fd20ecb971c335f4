package io.accessledger.request.intake;

import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.RequestSource;
import io.accessledger.web.ApiProblem;
import io.accessledger.spine.ids.NewIds;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.net.URI;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
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
    private final IntakeDoor door;
    private final IdempotencyStore idempotency;
    private final TransactionTemplate transactions;

    public IntakeController(CommandGateway commands, IntakeDoor door, IdempotencyStore idempotency,
            TransactionTemplate transactions) {
        this.commands = commands;
        this.door = door;
        this.idempotency = idempotency;
        this.transactions = transactions;
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
            // claimed in this transaction: a retry sent while this submission is recorded waits for it, then answers it
            if (idempotencyKey != null && !idempotency.claim(caller.employeeId(), idempotencyKey)) {
                return accepted(idempotency.earlier(caller.employeeId(), idempotencyKey, Submitted.class)
                        .orElseThrow());
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
                idempotency.remember(caller.employeeId(), idempotencyKey,
                        submitted.requestId() != null ? submitted.requestId() : submitted.bundleId(), submitted);
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
        return door.checked(requestId, bundleId, caller, body.beneficiaryId(), resourceId, accessLevel,
                body.justification(), accessDuration, body.ticketRef(), RequestSource.PORTAL);
    }

    private static ResponseEntity<Submitted> accepted(Submitted submitted) {
        String location = submitted.requestId() != null ? "/api/v1/access-requests/" + submitted.requestId()
                : "/api/v1/access-requests?bundleId=" + submitted.bundleId();
        return ResponseEntity.accepted().location(URI.create(location)).body(submitted);
    }
}
