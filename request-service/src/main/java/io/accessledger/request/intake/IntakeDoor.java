package io.accessledger.request.intake;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.policyinforce.PolicyInForceView;
import io.accessledger.request.directory.DirectoryView;
import io.accessledger.request.timeline.RequestView;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Caller;
import io.accessledger.spine.ids.NewIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The door every intake channel goes through (the portal API, ServiceNow, ...): who may ask for whom, the intake
 * rules against the policy in force, and nothing already held or in flight. A refusal is an {@link ApiProblem} and
 * emits no event. The views it reads run seconds behind the topics, so it also claims the beneficiary's entitlement
 * for the request ({@link RequestClaimStore}) in the caller's transaction — every channel submits in one — and
 * refuses the second of two submissions seconds apart as the views would have, once they knew of the first.
 */
@Component
public class IntakeDoor {
    private final DirectoryView directory;
    private final PolicyInForceView catalog;
    private final HoldingsView holdings;
    private final RequestView requests;
    private final RequestClaimStore claims;
    private final Clock clock;

    public IntakeDoor(DirectoryView directory, PolicyInForceView catalog, HoldingsView holdings, RequestView requests,
            RequestClaimStore claims, Clock clock) {
        this.directory = directory;
        this.catalog = catalog;
        this.holdings = holdings;
        this.requests = requests;
        this.claims = claims;
        this.clock = clock;
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
        return admitted(requestId, bundleId, caller.employeeId(), beneficiary, resourceId, accessLevel, justification,
                duration, ticketRef, source, NewIds.eventId());
    }

    /**
     * The door for requests the system makes on someone's behalf (birthright and mover requests): the beneficiary as
     * the identity event describes them, the same rules, holdings and profile comparison as every other channel.
     * Throws an {@link ApiProblem} when refused.
     */
    public AccessRequest.SubmitAccessRequest checkedOnBehalf(RequestId requestId, EmployeeId requesterId,
            EmployeeProfile beneficiary, Entitlement entitlement, String justification, RequestSource source,
            EventId eventId) {
        if (beneficiary.status() == EmploymentStatus.TERMINATED) {
            throw ApiProblem.refused("person-terminated", "beneficiaryId", "Person has left",
                    beneficiary.employeeId() + " is terminated; access cannot be requested for them.");
        }
        return admitted(requestId, null, requesterId, beneficiary, entitlement.resourceId(), entitlement.level(),
                justification, null, null, source, eventId);
    }

    private AccessRequest.SubmitAccessRequest admitted(RequestId requestId, String bundleId, EmployeeId requesterId,
            EmployeeProfile beneficiary, String resourceId, String accessLevel, String justification,
            Duration duration, String ticketRef, RequestSource source, EventId eventId) {
        EmployeeId beneficiaryId = beneficiary.employeeId();
        PolicyDocument policy = catalog.current().orElseThrow(() -> new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE,
                "no-policy", "No policy yet", "No policy has been published yet; try again shortly.",
                List.of()));
        refuseIf(IntakeRules.atTheDoor(policy, resourceId, accessLevel, justification, duration));
        Entitlement entitlement = new Entitlement(resourceId, accessLevel);
        String grant = holdings.held(beneficiaryId).get(entitlement);
        if (grant != null) {
            throw ApiProblem.conflict("alreadyHeld", beneficiaryId + " already holds " + entitlement + " (grant "
                    + grant + ")");
        }
        requests.inFlight(beneficiaryId, entitlement).ifPresent(pending -> {
            throw ApiProblem.conflict("alreadyRequested", beneficiaryId + " already has request " + pending
                    + " in flight for " + entitlement);
        });
        Instant now = clock.instant();
        // last, once nothing else refuses: a refused submission's transaction rolls back, and its claim with it
        claims.claim(beneficiaryId, entitlement, requestId, now, requests::ended).ifPresent(pending -> {
            throw ApiProblem.conflict("alreadyRequested", beneficiaryId + " already has request " + pending
                    + " for " + entitlement + " (in flight or granted)");
        });
        List<Entitlement> profile = policy.standardProfile(beneficiary.department(), beneficiary.jobTitle());
        return new AccessRequest.SubmitAccessRequest(requestId, bundleId, requesterId, beneficiaryId,
                resourceId, accessLevel, justification, duration, ticketRef,
                source, !profile.contains(entitlement), profile,
                eventId, now);
    }

    /** Answers a refusal of the intake rules as a 422 problem naming the rule. */
    static void refuseIf(Optional<IntakeRules.Refusal> refusal) {
        if (refusal.isPresent()) {
            IntakeRules.Refusal r = refusal.get();
            throw ApiProblem.refused(r.rule(), r.field(), "Refused: " + r.rule(), r.message());
        }
    }

    /** An ISO-8601 duration as a caller wrote it ({@code P30D}); absent is {@code null}, malformed is a 400. */
    static Duration duration(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid("accessDuration", "'" + text + "' is not an ISO-8601 duration such as P30D");
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.invalid(field, field + " is required");
        }
    }
}
