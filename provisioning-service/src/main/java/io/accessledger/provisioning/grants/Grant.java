package io.accessledger.provisioning.grants;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.FulfilmentTaskOpened;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.events.provisioning.ProvisioningRetried;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.spine.commands.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One entitlement of one person, from approval to provisioning and, later, to its end. Its id derives from the
 * request, so a repeated approval reaches the same grant and changes nothing. The grant window starts at the target's
 * acknowledgement.
 *
 * <p>The grant never calls a target itself. It schedules attempts ({@link AttemptScheduled}); the
 * {@link ConnectorWorker} makes each call and reports it ({@link RecordAttempt}). Only the report of the attempt the
 * grant is waiting for counts: a late, repeated or concurrent report of an older attempt changes nothing, so however
 * often a connector is called (after a crash, by two instances), the grant is provisioned, and revoked, once.
 *
 * <p>A connector acts on the target's membership, which two grants of one person for one entitlement on one target
 * share ({@link Memberships}): a revocation leaves the membership to another grant that holds it, recorded revoked
 * with {@code membershipKeptFor} and no call; a provisioning call reported done while another grant is removing the
 * membership (or recorded its removal since the call was due) is asked again, as a transient failure.
 */
@Aggregate
public class Grant {
    @AggregateIdentifier
    private GrantId grantId;
    private RequestId requestId;
    private EmployeeId employeeId;
    private Entitlement entitlement;
    private String target;
    private Conditions conditions;
    private Duration reviewCadence;
    private Phase phase;
    private int attempt;
    private TaskId openTask;
    /**
     * Who holds each fulfilment task the grant opened, open or not (its assignee and queue): completing a task is
     * first its holders' business, so that anyone else learns nothing of it (not even that it was completed).
     */
    private final Map<TaskId, Holders> holders = new HashMap<>();
    private RevocationReason revocationReason;
    private EmployeeId revocationRequestedBy;
    private Instant expiresAt;
    /** Who withdrew the grant's request, once it was withdrawn ({@link WithdrawGrant}). */
    private EmployeeId withdrawnBy;
    /** When the attempt the grant waits for became due: its call was made at or after it. */
    private Instant attemptDueAt;

    /**
     * The grant's own answers about the membership it shares with the other grants of its person, entitlement and
     * target (the {@link MembershipStore}, kept with every grant's events in their own transactions: provisioning's
     * own state, never a view behind it). Each answer holds the membership's lock until the command's transaction
     * ends, so two decisions about one membership are taken one after the other.
     */
    public interface Memberships {
        /** Another grant of the key that holds the membership: provisioning, waiting for fulfilment, or active. */
        Optional<GrantId> heldByAnother(GrantId grant, EmployeeId employee, Entitlement entitlement, String target);

        /** Another grant of the key removing the membership, or that recorded its removal at or after {@code since}. */
        Optional<GrantId> removedByAnother(GrantId grant, EmployeeId employee, Entitlement entitlement,
                String target, Instant since);
    }

    /** A fulfilment task's assignee and queue. */
    private record Holders(EmployeeId assignee, String queue) {
        static final Holders NOBODY = new Holders(null, null);
    }

    /** Where a grant is. */
    public enum Phase {
        /** The connector is being called (or will be, at the next attempt). */
        PROVISIONING,
        /** A person fulfils it by hand. */
        AWAITING_FULFILMENT,
        ACTIVE,
        /** Refused, or the retry budget spent; IAM may send it back. */
        FAILED,
        /** The connector is taking it away. */
        REVOKING,
        /** A person takes it away by hand. */
        AWAITING_REVOCATION,
        ENDED
    }

    /** What a connector call was for. */
    public enum Operation {
        GRANT, REVOKE
    }

    protected Grant() {
    }

    /** Open the grant for an approval; {@code failure} when there is no target to provision it on. */
    public record OpenGrant(@TargetAggregateIdentifier GrantId grantId, RequestId requestId, EmployeeId employeeId,
            Entitlement entitlement, String target, Conditions conditions, Duration reviewCadence,
            EmployeeId resourceOwner, String failure, String commandId, Instant at) {
    }

    /**
     * What came of one connector call: a {@code result}, or a failure ({@code failure} set, {@code transientFailure}
     * and the target's {@code retryAfter} hint). {@code jitterSample} in [0, 1) spreads the next wait.
     */
    public record RecordAttempt(@TargetAggregateIdentifier GrantId grantId, Operation operation, int attempt,
            String connector, Connector.Result result, String failure, boolean transientFailure, Duration retryAfter,
            double jitterSample, String commandId, Instant at) {
    }

    /** IAM sends a failed grant back to its target, with a fresh retry budget. */
    public record RetryProvisioning(@TargetAggregateIdentifier GrantId grantId, EmployeeId by, String reason,
            String commandId, Instant at) {
    }

    public record CompleteFulfilment(@TargetAggregateIdentifier GrantId grantId, TaskId taskId,
            EmployeeId completedBy, Set<String> completedByRoles, String reference, String commandId, Instant at) {
    }

    /** Take a provisioned grant away again. */
    public record RevokeGrant(@TargetAggregateIdentifier GrantId grantId, RevocationReason reason,
            EmployeeId requestedBy, String commandId, Instant at) {
    }

    /**
     * The grant's request was withdrawn ({@code RequestWithdrawn}): what its approval would still grant is not given,
     * or is taken away again. request-service accepts a withdrawal until it has learnt of the decision, so a
     * withdrawal and an approval can race, and their events reach this service on two topics, in either order.
     */
    public record WithdrawGrant(@TargetAggregateIdentifier GrantId grantId, RequestId requestId, EmployeeId withdrawnBy,
            String commandId, Instant at) {
    }

    /** Recorded in the grant (not published): its request was withdrawn, by whom. */
    public record GrantWithdrawn(GrantId grantId, RequestId requestId, EmployeeId withdrawnBy, Instant at) {
    }

    /**
     * Recorded in the grant (not published): what it must know to finish, whatever the connector.
     * {@code reviewCadence} is the policy version's, resolved by policy-service and carried by {@code AccessApproved}
     * (whose constructor gives an old event without it the policy document's default): the grant has no default.
     */
    public record GrantOpened(GrantId grantId, RequestId requestId, EmployeeId employeeId, Entitlement entitlement,
            String target, Conditions conditions, Duration reviewCadence, EmployeeId resourceOwner,
            Instant openedAt) {
    }

    /** Recorded in the grant (not published): call the connector for this operation, attempt {@code attempt}, at. */
    public record AttemptScheduled(GrantId grantId, Operation operation, int attempt, Instant dueAt) {
    }

    /** Recorded in the grant (not published): an attempt failed transiently; the next one is due at. */
    public record AttemptFailed(GrantId grantId, Operation operation, int attempt, String answer,
            Instant nextAttemptAt, Instant at) {
    }

    /** Recorded in the grant (not published): a revocation is under way, for this reason. */
    public record RevocationStarted(GrantId grantId, RevocationReason reason, EmployeeId requestedBy, Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(OpenGrant c) {
        if (grantId != null) {
            return;
        }
        apply(new GrantOpened(c.grantId(), c.requestId(), c.employeeId(), c.entitlement(), c.target(),
                c.conditions(), c.reviewCadence(), c.resourceOwner(), c.at()));
        if (c.failure() != null) {
            apply(new ProvisioningFailed(eventId(c.commandId(), 0), c.grantId(), c.requestId(), c.employeeId(),
                    c.entitlement(), c.target(), 0, c.failure(), c.at()));
        } else {
            apply(new AttemptScheduled(c.grantId(), Operation.GRANT, 1, c.at()));
        }
    }

    @CommandHandler
    public void handle(RecordAttempt c, RetryPolicy retryPolicy, Memberships memberships) {
        Phase waiting = c.operation() == Operation.GRANT ? Phase.PROVISIONING : Phase.REVOKING;
        if (phase != waiting || c.attempt() != attempt) {
            return;
        }
        EventId eventId = eventId(c.commandId(), 0);
        String failure = c.failure();
        boolean transientFailure = c.transientFailure();
        Duration retryAfter = c.retryAfter();
        if (failure == null && c.operation() == Operation.GRANT && c.result() instanceof Connector.Result.Done) {
            // The target may have answered from a membership another grant is taking away (or took away after this
            // call found it there): done only once no removal can undo it, otherwise asked again.
            Optional<GrantId> removing = memberships.removedByAnother(grantId, employeeId, entitlement, target,
                    attemptDueAt);
            if (removing.isPresent()) {
                failure = "The membership is being removed by grant " + removing.get().value()
                        + ": granted again once it is gone";
                transientFailure = true;
                retryAfter = null;
            }
        }
        if (failure == null && c.result() instanceof Connector.Result.Done done) {
            if (c.operation() == Operation.GRANT) {
                provision(eventId, done.reference(), null, c.connector(), c.commandId(), memberships, c.at());
            } else {
                apply(ended(eventId, revocationReason, revocationRequestedBy, null, c.at()));
            }
        } else if (failure == null && c.result() instanceof Connector.Result.HandedToPerson person) {
            openTask(eventId, c.operation(), person.assigneeId(), person.queue(), c.at());
        } else {
            GrantRules.NextStep next = GrantRules.afterFailedAttempt(retryPolicy, c.attempt(), transientFailure,
                    retryAfter, c.jitterSample(), c.at());
            if (next instanceof GrantRules.NextStep.TryAgainAt again) {
                apply(new AttemptFailed(grantId, c.operation(), c.attempt(), failure, again.at(), c.at()));
            } else if (c.operation() == Operation.GRANT) {
                apply(new ProvisioningFailed(eventId, grantId, requestId, employeeId, entitlement, target,
                        c.attempt(), failure, c.at()));
            } else {
                // Access must go even when the connector cannot take it: a person does it by hand.
                openTask(eventId, Operation.REVOKE, null, "IAM", c.at());
            }
        }
    }

    @CommandHandler
    public void handle(RetryProvisioning c) {
        if (phase != Phase.FAILED) {
            throw Refused.conflict("grant-not-failed", "Grant " + c.grantId() + " has not failed (it is " + phase
                    + ")");
        }
        if (c.by().equals(employeeId)) {
            throw Refused.notAllowed("nobody-retries-their-own-access", "Nobody retries their own access");
        }
        if (withdrawnBy != null) {
            throw Refused.conflict("request-withdrawn", "The request of grant " + c.grantId()
                    + " was withdrawn: nothing is sent to its target again");
        }
        apply(new ProvisioningRetried(eventId(c.commandId(), 0), grantId, requestId, employeeId, entitlement, target,
                c.by(), c.reason(), c.at()));
        apply(new AttemptScheduled(grantId, Operation.GRANT, 1, c.at()));
    }

    @CommandHandler
    public void handle(RevokeGrant c, Memberships memberships) {
        if (phase != Phase.ACTIVE) {
            return;
        }
        startRevocation(c.reason(), c.requestedBy(), c.commandId(), memberships, c.at());
    }

    /**
     * A withdrawn request's grant: not opened yet, it never will be (its approval, arriving later, opens nothing); an
     * active one is revoked at once (reason {@code MANUAL}, by whoever withdrew it); one being provisioned — the
     * connector called, or a person fulfilling it — is revoked as soon as it is provisioned; a failed one is not sent
     * back. Recorded once.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(WithdrawGrant c, Memberships memberships) {
        if (withdrawnBy != null) {
            return;
        }
        apply(new GrantWithdrawn(c.grantId(), c.requestId(), c.withdrawnBy(), c.at()));
        if (phase == Phase.ACTIVE) {
            startRevocation(RevocationReason.MANUAL, c.withdrawnBy(), c.commandId(), memberships, c.at());
        }
    }

    /**
     * The membership is removed (a connector call, or a person) unless another grant of the same person, entitlement
     * and target holds it: then the grant ends at once, its event naming that grant ({@code membershipKeptFor}), and
     * no target is called — the other grant's access must stay.
     */
    private void startRevocation(RevocationReason reason, EmployeeId requestedBy, String commandId,
            Memberships memberships, Instant at) {
        Optional<GrantId> keptFor = memberships.heldByAnother(grantId, employeeId, entitlement, target);
        apply(new RevocationStarted(grantId, reason, requestedBy, at));
        if (keptFor.isPresent()) {
            apply(ended(eventId(commandId, 1), reason, requestedBy, keptFor.get(), at));
        } else {
            apply(new AttemptScheduled(grantId, Operation.REVOKE, 1, at));
        }
    }

    @CommandHandler
    public void handle(CompleteFulfilment c, Memberships memberships) {
        Holders held = holders.getOrDefault(c.taskId(), Holders.NOBODY);
        GrantRules.onlyTheAssigneeOrTheQueueFulfils(held.assignee(), held.queue(), c.completedBy(),
                c.completedByRoles()).ifPresent(refusal -> {
                    throw refusal;
                });
        boolean granting = phase == Phase.AWAITING_FULFILMENT;
        if (!(granting || phase == Phase.AWAITING_REVOCATION) || openTask == null || !openTask.equals(c.taskId())) {
            throw Refused.conflict("task-not-open", "Fulfilment task " + c.taskId() + " is not open");
        }
        if (!granting) {
            apply(ended(eventId(c.commandId(), 0), revocationReason, c.completedBy(), null, c.at()));
            return;
        }
        if (c.completedBy().equals(employeeId)) {
            throw Refused.notAllowed("nobody-fulfils-their-own-access", "Nobody fulfils their own access");
        }
        provision(eventId(c.commandId(), 0), c.reference(), c.completedBy(), "manual", c.commandId(), memberships,
                c.at());
    }

    private void openTask(EventId eventId, Operation operation, EmployeeId assignee, String queue, Instant at) {
        String action = operation == Operation.GRANT ? "GRANT" : "REVOKE";
        apply(new FulfilmentTaskOpened(eventId, grantId, requestId,
                TaskId.of("FT-" + Ids.nameBased(grantId + "/" + action.toLowerCase(java.util.Locale.ROOT))),
                employeeId, entitlement, target, action, assignee, queue, at));
    }

    /**
     * The end of a grant: {@code AccessExpired} when its time ran out, {@code AccessRevoked} otherwise;
     * {@code keptFor} the other grant that still needs the membership, when it was left on the target.
     */
    private Object ended(EventId eventId, RevocationReason reason, EmployeeId by, GrantId keptFor, Instant at) {
        if (reason == RevocationReason.EXPIRED) {
            return new AccessExpired(eventId, grantId, requestId, employeeId, entitlement, target,
                    expiresAt != null ? expiresAt : at, at, keptFor);
        }
        return new AccessRevoked(eventId, grantId, requestId, employeeId, entitlement, target, reason, by, at,
                keptFor);
    }

    private void provision(EventId eventId, String reference, EmployeeId by, String connector, String commandId,
            Memberships memberships, Instant at) {
        Instant expiry = conditions == null || conditions.accessDuration() == null ? null
                : at.plus(conditions.accessDuration());
        Instant reviewDueAt = at.plus(reviewCadence);
        apply(new AccessProvisioned(eventId, grantId, requestId, employeeId, entitlement, target, connector,
                reference, by, conditions, at, expiry, reviewDueAt, at));
        if (withdrawnBy != null) {
            // withdrawn while it was being provisioned: taken away again at once
            startRevocation(RevocationReason.MANUAL, withdrawnBy, commandId, memberships, at);
        }
    }

    private static EventId eventId(String commandId, int n) {
        return EventId.of(Ids.nameBased(commandId + "/" + n));
    }

    @EventSourcingHandler
    void on(GrantOpened e) {
        grantId = e.grantId();
        requestId = e.requestId();
        employeeId = e.employeeId();
        entitlement = e.entitlement();
        target = e.target();
        conditions = e.conditions();
        reviewCadence = e.reviewCadence();
        phase = Phase.PROVISIONING;
    }

    @EventSourcingHandler
    void on(GrantWithdrawn e) {
        grantId = e.grantId();
        withdrawnBy = e.withdrawnBy();
    }

    @EventSourcingHandler
    void on(AttemptScheduled e) {
        attempt = e.attempt();
        attemptDueAt = e.dueAt();
        phase = e.operation() == Operation.GRANT ? Phase.PROVISIONING : Phase.REVOKING;
    }

    @EventSourcingHandler
    void on(AttemptFailed e) {
        attempt = e.attempt() + 1;
        attemptDueAt = e.nextAttemptAt();
    }

    @EventSourcingHandler
    void on(FulfilmentTaskOpened e) {
        openTask = e.taskId();
        holders.put(e.taskId(), new Holders(e.assigneeId(), e.queue()));
        phase = "GRANT".equals(e.action()) ? Phase.AWAITING_FULFILMENT : Phase.AWAITING_REVOCATION;
    }

    @EventSourcingHandler
    void on(AccessProvisioned e) {
        expiresAt = e.expiresAt();
        phase = Phase.ACTIVE;
        openTask = null;
    }

    @EventSourcingHandler
    void on(ProvisioningFailed e) {
        phase = Phase.FAILED;
    }

    @EventSourcingHandler
    void on(RevocationStarted e) {
        revocationReason = e.reason();
        revocationRequestedBy = e.requestedBy();
    }

    @EventSourcingHandler
    void on(AccessRevoked e) {
        phase = Phase.ENDED;
        openTask = null;
    }

    @EventSourcingHandler
    void on(AccessExpired e) {
        phase = Phase.ENDED;
        openTask = null;
    }
}
