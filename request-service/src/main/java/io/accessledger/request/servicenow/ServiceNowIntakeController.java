package io.accessledger.request.servicenow;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.request.hris.BodySignature;
import io.accessledger.request.hris.DeliveryAuth;
import io.accessledger.request.intake.AccessRequest;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.spine.ids.NewIds;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /integrations/servicenow/requested-items}: a RITM from a ServiceNow outbound REST message becomes one
 * access request, keyed by the RITM's {@code sys_id} (a repeat delivery answers the same request id, 200, and submits
 * nothing). The delivery is signed ({@link BodySignature#accessLedger}) or, when configuration accepts unsigned
 * deliveries, authenticated by HTTP Basic or a bearer token only.
 *
 * <p>Mapping: {@code requested_for} is the beneficiary (its {@code employee_number}, {@code user_name}, value or
 * display value, whichever is an AccessLedger employee id). {@code opened_by} is the requester when the opener is the
 * beneficiary or the beneficiary's manager; otherwise (a service desk agent, a colleague, an unknown user) the
 * request is made by the beneficiary for themselves. Variables {@code resource_id}/{@code resource},
 * {@code access_level}/{@code level}, {@code justification}, {@code access_duration} give the entitlement;
 * {@code ticketRef} is the RITM number, the source SERVICENOW.
 *
 * <p>A refusal at the door (4xx) is answered as the intake answers it (problem+json, 422 for rule refusals) and is
 * also written back to the RITM as a work note with state 4 (Closed Incomplete), when an instance is configured. A
 * refusal submits nothing, so it leaves no link; the RITM's delivered write-back is what a redelivery finds: it is
 * answered 409 {@code ritm-closed}, neither submitted (the RITM is closed in ServiceNow) nor written back again. A
 * refusal whose write-back failed is written back again by the redelivery.
 */
@RestController
public class ServiceNowIntakeController {
    private static final Logger log = LoggerFactory.getLogger(ServiceNowIntakeController.class);
    static final String CLOSED_INCOMPLETE = "4";
    /** The answer to a redelivery of a RITM an earlier refusal closed: nothing submitted, nothing written back. */
    static final String ALREADY_CLOSED = "ritm-closed";

    private final DeliveryAuth auth;
    private final RitmDoor door;
    private final CommandGateway commands;
    private final ServiceNowStore store;
    private final TransactionOperations transactions;
    private final ServiceNowClient client;
    private final Clock clock;

    public ServiceNowIntakeController(@Qualifier("serviceNowDeliveryAuth") DeliveryAuth auth, RitmDoor door,
            CommandGateway commands,
            ServiceNowStore store, TransactionOperations transactions, ServiceNowClient client, Clock clock) {
        this.auth = auth;
        this.door = door;
        this.commands = commands;
        this.store = store;
        this.transactions = transactions;
        this.client = client;
        this.clock = clock;
    }

    /** The answer: the request the RITM became, SUBMITTED or ALREADY_RECEIVED. */
    public record Received(String requestId, String status, String number, String sysId) {
    }

    @PostMapping(value = "/integrations/servicenow/requested-items", consumes = {"application/json", "application/*+json"})
    public Mono<ResponseEntity<Received>> receive(@RequestBody(required = false) byte[] body,
            @RequestHeader(value = BodySignature.SIGNATURE_HEADER, required = false) String signature,
            @RequestHeader(value = BodySignature.TIMESTAMP_HEADER, required = false) String timestamp,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        Ritm ritm;
        try {
            auth.verify(body, signature, timestamp, authorization, clock.instant());
            ritm = Ritm.parse(body);
        } catch (ApiProblem problem) {
            log.warn("ServiceNow delivery refused: {}", problem.slug());
            return Mono.error(problem);
        }
        return Blocking.call(() -> {
            try {
                return transactions.execute(status -> submit(ritm));
            } catch (ApiProblem problem) {
                if (problem.status().is4xxClientError() && !ALREADY_CLOSED.equals(problem.slug())) {
                    writeBackRefusal(ritm, problem);
                }
                throw problem;
            }
        });
    }

    private ResponseEntity<Received> submit(Ritm ritm) {
        Instant now = clock.instant();
        RequestId requestId = NewIds.requestId();
        Optional<String> earlier = store.link(ritm.sysId(), ritm.number(), requestId.value(), now);
        if (earlier.isPresent()) {
            log.info("ServiceNow RITM {} ({}) delivered again: request {}", ritm.number(), ritm.sysId(),
                    earlier.get());
            return ResponseEntity.ok(new Received(earlier.get(), "ALREADY_RECEIVED", ritm.number(), ritm.sysId()));
        }
        if (store.closed(ritm.sysId())) {
            throw new ApiProblem(HttpStatus.CONFLICT, ALREADY_CLOSED, "RITM already refused",
                    "RITM " + ritm.number() + " (" + ritm.sysId() + ") was refused and closed in ServiceNow "
                            + "(Closed Incomplete) by an earlier delivery; open a new request item.");
        }
        EmployeeProfile beneficiary = resolve(ritm.requestedFor()).orElseThrow(() -> ApiProblem.refused(
                "unknown-person", "requested_for", "Unknown person", "requested_for " + ritm.requestedFor()
                        + " names nobody in the AccessLedger directory (by employee_number or user_name)."));
        EmployeeId requester = requester(beneficiary, resolve(ritm.openedBy()));
        AccessRequest.SubmitAccessRequest command = door.check(requestId, requester, beneficiary.employeeId(), ritm);
        commands.sendAndWait(command);
        log.info("ServiceNow RITM {} ({}) became request {}", ritm.number(), ritm.sysId(), requestId);
        return ResponseEntity.accepted().body(new Received(requestId.value(), "SUBMITTED", ritm.number(),
                ritm.sysId()));
    }

    /** The opener requests when they are the beneficiary or the beneficiary's manager; anyone else: self-service. */
    static EmployeeId requester(EmployeeProfile beneficiary, Optional<EmployeeProfile> opener) {
        if (opener.isPresent()) {
            EmployeeId openerId = opener.get().employeeId();
            if (openerId.equals(beneficiary.employeeId()) || openerId.equals(beneficiary.managerId())) {
                return openerId;
            }
        }
        return beneficiary.employeeId();
    }

    private Optional<EmployeeProfile> resolve(List<String> candidates) {
        for (String candidate : candidates) {
            Optional<EmployeeProfile> found = door.find(EmployeeId.of(candidate));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private void writeBackRefusal(Ritm ritm, ApiProblem problem) {
        if (!client.configured()) {
            log.debug("ServiceNow instance not configured: refusal of {} not written back", ritm.sysId());
            return;
        }
        String note = "AccessLedger: request refused — " + problem.title() + ": " + problem.getMessage();
        // One write-back row per refused RITM: a redelivery after a failed write-back adds its attempts to it.
        String eventId = "refused:" + ritm.sysId();
        try {
            ServiceNowClient.Delivered delivered = client.patch(ritm.sysId(), CLOSED_INCOMPLETE, note);
            store.recordWriteBack(new ServiceNowStore.WriteBack(eventId, ritm.sysId(), CLOSED_INCOMPLETE,
                    "DELIVERED", delivered.attempts(), null, clock.instant()));
        } catch (RuntimeException e) {
            log.warn("ServiceNow refusal write-back to {} failed: {}", ritm.sysId(), e.getMessage());
            int attempts = e instanceof ServiceNowClient.WriteBackFailed f ? f.attempts() : 0;
            try {
                store.recordWriteBack(new ServiceNowStore.WriteBack(eventId, ritm.sysId(), CLOSED_INCOMPLETE,
                        "FAILED", attempts, e.getMessage(), clock.instant()));
            } catch (RuntimeException recordFailed) {
                log.warn("Could not record the failed write-back to {}", ritm.sysId(), recordFailed);
            }
        }
    }
}
