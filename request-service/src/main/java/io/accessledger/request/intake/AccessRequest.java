package io.accessledger.request.intake;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.WithdrawalReason;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.spine.commands.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One access request, from submission on. It learns the approval's outcome (from the approval topic) so that it can
 * decide itself whether it may still be withdrawn or revised. Ids and times come in with the commands.
 */
@Aggregate
public class AccessRequest {
    /** Where the request stands, as far as the requester's own actions are concerned. */
    enum Stand { OPEN, RETURNED, DECIDED, WITHDRAWN }

    @AggregateIdentifier
    private RequestId requestId;
    private EmployeeId requesterId;
    private EmployeeId beneficiaryId;
    private Stand stand = Stand.OPEN;

    protected AccessRequest() {
    }

    public record SubmitAccessRequest(@TargetAggregateIdentifier RequestId requestId, String bundleId,
            EmployeeId requesterId, EmployeeId beneficiaryId, String resourceId, String accessLevel,
            String justification, Duration accessDuration, String ticketRef, RequestSource source,
            boolean exceedsStandardProfile, List<Entitlement> standardProfile, EventId eventId, Instant at) {
    }

    @CommandHandler
    public AccessRequest(SubmitAccessRequest c) {
        apply(submitted(c));
    }

    /**
     * A request made on someone's behalf by the system (birthright and mover requests), under a name-based id: the
     * same cause delivered again finds the request already there and submits nothing.
     */
    public record SubmitOnce(@TargetAggregateIdentifier RequestId requestId, SubmitAccessRequest request) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(SubmitOnce c) {
        if (requestId == null) {
            apply(submitted(c.request()));
        }
    }

    private static RequestSubmitted submitted(SubmitAccessRequest c) {
        return new RequestSubmitted(c.eventId(), c.requestId(), c.bundleId(), c.requesterId(), c.beneficiaryId(),
                c.resourceId(), c.accessLevel(), c.justification().trim(), c.accessDuration(), c.ticketRef(),
                c.source(), c.exceedsStandardProfile(), c.standardProfile(), c.at());
    }

    public record WithdrawAccessRequest(@TargetAggregateIdentifier RequestId requestId, EmployeeId withdrawnBy,
            String reason, EventId eventId, Instant at) {
    }

    public record ReviseAccessRequest(@TargetAggregateIdentifier RequestId requestId, EmployeeId revisedBy,
            String justification, String accessLevel, Duration accessDuration, EventId eventId, Instant at) {
    }

    /** From the approval topic: the case returned the request, or ended it. */
    public record NoteOutcome(@TargetAggregateIdentifier RequestId requestId, Outcome outcome, Instant at) {
    }

    /** The approval outcomes the request cares about. */
    public enum Outcome { RETURNED, DECIDED }

    /** Recorded in the request (not published): the outcome it learned from the approval topic. */
    public record OutcomeNoted(RequestId requestId, Outcome outcome, Instant at) {
    }

    /**
     * A withdrawal by anyone but the requester or the beneficiary. It names neither — someone holding a request's id
     * (a forwarded link) learns nothing of it — and it is also the answer to an id that names no request, so that
     * one cannot tell the two apart.
     */
    public static Refused notTheirsToWithdraw(RequestId requestId) {
        return Refused.notAllowed("onlyTheRequesterOrBeneficiaryWithdraws",
                "Only its requester or its beneficiary withdraws request " + requestId);
    }

    /** A revision by anyone but the requester; also the answer to an id that names no request. */
    public static Refused notTheirsToRevise(RequestId requestId) {
        return Refused.notAllowed("onlyTheRequesterRevises", "Only its requester revises request " + requestId);
    }

    @CommandHandler
    public void handle(WithdrawAccessRequest c) {
        if (!c.withdrawnBy().equals(requesterId) && !c.withdrawnBy().equals(beneficiaryId)) {
            throw notTheirsToWithdraw(requestId);
        }
        if (stand == Stand.DECIDED || stand == Stand.WITHDRAWN) {
            throw Refused.closed("onlyAnUndecidedRequestIsWithdrawn",
                    "Request " + requestId + " is already " + (stand == Stand.DECIDED ? "decided" : "withdrawn"));
        }
        if (c.reason() == null || c.reason().isBlank()) {
            throw Refused.invalid("withdrawalNeedsAReason",
                    "Say why the request is withdrawn");
        }
        apply(new RequestWithdrawn(c.eventId(), requestId, c.withdrawnBy(),
                WithdrawalReason.byRequester(c.reason().trim()), c.at()));
    }

    /**
     * The beneficiary left: whatever is still undecided is withdrawn by the system, so nothing is provisioned for
     * someone who is gone. A request already decided or withdrawn is left as it is (a grant that still completes is
     * revoked by the leaver clean-up).
     */
    public record WithdrawForLeaver(@TargetAggregateIdentifier RequestId requestId, EmployeeId withdrawnBy,
            String reason, EventId eventId, Instant at) {
    }

    @CommandHandler
    public void handle(WithdrawForLeaver c) {
        if (stand != Stand.DECIDED && stand != Stand.WITHDRAWN) {
            apply(new RequestWithdrawn(c.eventId(), requestId, c.withdrawnBy(), WithdrawalReason.leaver(c.reason()),
                    c.at()));
        }
    }

    @CommandHandler
    public void handle(ReviseAccessRequest c) {
        if (!c.revisedBy().equals(requesterId)) {
            throw notTheirsToRevise(requestId);
        }
        if (stand != Stand.RETURNED) {
            throw Refused.closed("onlyAReturnedRequestIsRevised",
                    "Request " + requestId + " was not returned for revision");
        }
        apply(new RequestRevised(c.eventId(), requestId, c.revisedBy(), c.justification().trim(), c.accessLevel(),
                c.accessDuration(), c.at()));
    }

    @CommandHandler
    public void handle(NoteOutcome c) {
        Stand next = c.outcome() == Outcome.RETURNED ? Stand.RETURNED : Stand.DECIDED;
        if (stand != next && stand != Stand.WITHDRAWN && stand != Stand.DECIDED) {
            apply(new OutcomeNoted(requestId, c.outcome(), c.at()));
        }
    }

    @EventSourcingHandler
    void on(RequestSubmitted event) {
        requestId = event.requestId();
        requesterId = event.requesterId();
        beneficiaryId = event.beneficiaryId();
    }

    @EventSourcingHandler
    void on(RequestWithdrawn event) {
        stand = Stand.WITHDRAWN;
    }

    @EventSourcingHandler
    void on(RequestRevised event) {
        stand = Stand.OPEN;
    }

    @EventSourcingHandler
    void on(OutcomeNoted event) {
        stand = event.outcome() == Outcome.RETURNED ? Stand.RETURNED : Stand.DECIDED;
    }
}
