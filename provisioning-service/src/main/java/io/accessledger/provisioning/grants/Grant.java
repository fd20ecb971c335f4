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
import io.accessledger.provisioning.connectors.Connector;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One entitlement of one person, from approval to provisioning. Its id derives from the request, so a repeated
 * approval reaches the same grant and changes nothing. The grant window starts at the target's acknowledgement.
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
    private TaskId openTask;
    private EmployeeId taskAssignee;
    private String taskQueue;
    private boolean provisioned;
    private boolean failed;
    private boolean revoking;
    private boolean revoked;
    private RevocationReason revocationReason;
    private Instant expiresAt;

    protected Grant() {
    }

    public record OpenGrant(@TargetAggregateIdentifier GrantId grantId, RequestId requestId, EmployeeId employeeId,
            Entitlement entitlement, String target, Conditions conditions, Duration reviewCadence,
            Connector.Result result, String failure, String commandId, Instant at) {
    }

    public record CompleteFulfilment(@TargetAggregateIdentifier GrantId grantId, TaskId taskId,
            EmployeeId completedBy, Set<String> completedByRoles, String reference, String commandId, Instant at) {
    }

    /** Recorded in the grant (not published): what it must know to finish, whatever the connector. */
    public record GrantOpened(GrantId grantId, RequestId requestId, EmployeeId employeeId, Entitlement entitlement,
            String target, Conditions conditions, Duration reviewCadence) {
    }

    /** Take a provisioned grant away, through the connector's answer (done now, or handed to a person). */
    public record RevokeGrant(@TargetAggregateIdentifier GrantId grantId, RevocationReason reason,
            EmployeeId requestedBy, Connector.Result result, String commandId, Instant at) {
    }

    /** Why a fulfilment confirmation is refused. */
    public static class FulfilmentRefused extends RuntimeException {
        private final boolean conflict;

        public FulfilmentRefused(boolean conflict, String message) {
            super(message);
            this.conflict = conflict;
        }

        public boolean conflict() {
            return conflict;
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(OpenGrant c) {
        if (grantId != null) {
            return;
        }
        apply(new GrantOpened(c.grantId(), c.requestId(), c.employeeId(), c.entitlement(), c.target(),
                c.conditions(), c.reviewCadence()));
        if (c.failure() != null) {
            apply(new ProvisioningFailed(eventId(c.commandId(), 0), c.grantId(), c.requestId(), c.employeeId(),
                    c.entitlement(), c.target(), 1, c.failure(), c.at()));
        } else if (c.result() instanceof Connector.Result.HandedToPerson person) {
            apply(new FulfilmentTaskOpened(eventId(c.commandId(), 0), c.grantId(), c.requestId(),
                    TaskId.of("FT-" + Ids.nameBased(c.grantId() + "/grant")), c.employeeId(), c.entitlement(),
                    c.target(), "GRANT", person.assigneeId(), person.queue(), c.at()));
        } else if (c.result() instanceof Connector.Result.Done done) {
            provision(eventId(c.commandId(), 0), done.reference(), null, c.target(), c.at());
        }
    }

    /** Whether this grant is provisioned and not yet on its way out: the driver asks before calling a connector. */
    @CommandHandler
    public void handle(RevokeGrant c) {
        if (!provisioned || revoking || revoked) {
            return;
        }
        if (c.result() instanceof Connector.Result.HandedToPerson person) {
            apply(new FulfilmentTaskOpened(eventId(c.commandId(), 0), grantId, requestId,
                    TaskId.of("FT-" + Ids.nameBased(grantId + "/revoke")), employeeId, entitlement, target, "REVOKE",
                    person.assigneeId(), person.queue(), c.at()));
            apply(new RevocationStarted(grantId, c.reason(), c.at()));
        } else if (c.result() instanceof Connector.Result.Done) {
            apply(ended(eventId(c.commandId(), 0), c.reason(), c.requestedBy(), c.at()));
        }
    }

    /** The end of a grant: {@code AccessExpired} when its time ran out, {@code AccessRevoked} otherwise. */
    private Object ended(EventId eventId, RevocationReason reason, EmployeeId by, Instant at) {
        if (reason == RevocationReason.EXPIRED) {
            return new AccessExpired(eventId, grantId, requestId, employeeId, entitlement, target,
                    expiresAt != null ? expiresAt : at, at);
        }
        return new AccessRevoked(eventId, grantId, requestId, employeeId, entitlement, target, reason, by, at);
    }

    /** Recorded in the grant (not published): a revocation is under way, for this reason. */
    public record RevocationStarted(GrantId grantId, RevocationReason reason, Instant at) {
    }

    @CommandHandler
    public void handle(CompleteFulfilment c) {
        if (revoking && !revoked && openTask != null && openTask.equals(c.taskId())) {
            boolean assignee = c.completedBy().equals(taskAssignee);
            boolean queueMember = taskQueue != null && c.completedByRoles().contains(taskQueue);
            if (!assignee && !queueMember) {
                throw new FulfilmentRefused(false, c.completedBy() + " is neither the task's assignee nor in the "
                        + taskQueue + " queue");
            }
            apply(ended(eventId(c.commandId(), 0), revocationReason, c.completedBy(), c.at()));
            return;
        }
        if (provisioned || failed || openTask == null || !openTask.equals(c.taskId())) {
            throw new FulfilmentRefused(true, "Fulfilment task " + c.taskId() + " is not open");
        }
        boolean assignee = c.completedBy().equals(taskAssignee);
        boolean queueMember = taskQueue != null && c.completedByRoles().contains(taskQueue);
        if (!assignee && !queueMember) {
            throw new FulfilmentRefused(false, c.completedBy() + " is neither the task's assignee nor in the "
                    + taskQueue + " queue");
        }
        if (c.completedBy().equals(employeeId)) {
            throw new FulfilmentRefused(false, "Nobody fulfils their own access");
        }
        provision(eventId(c.commandId(), 0), c.reference(), c.completedBy(), "manual", c.at());
    }

    private void provision(EventId eventId, String reference, EmployeeId by, String connector, Instant at) {
        Instant expiresAt = conditions == null || conditions.accessDuration() == null ? null
                : at.plus(conditions.accessDuration());
        Instant reviewDueAt = at.plus(reviewCadence == null ? Duration.ofDays(365) : reviewCadence);
        apply(new AccessProvisioned(eventId, grantId, requestId, employeeId, entitlement, target, connector,
                reference, by, conditions, at, expiresAt, reviewDueAt, at));
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
    }

    @EventSourcingHandler
    void on(FulfilmentTaskOpened e) {
        openTask = e.taskId();
        taskAssignee = e.assigneeId();
        taskQueue = e.queue();
    }

    @EventSourcingHandler
    void on(AccessProvisioned e) {
        expiresAt = e.expiresAt();
        provisioned = true;
        openTask = null;
    }

    @EventSourcingHandler
    void on(RevocationStarted e) {
        revoking = true;
        revocationReason = e.reason();
    }

    @EventSourcingHandler
    void on(AccessRevoked e) {
        revoked = true;
        openTask = null;
    }

    @EventSourcingHandler
    void on(AccessExpired e) {
        revoked = true;
        openTask = null;
    }

    @EventSourcingHandler
    void on(ProvisioningFailed e) {
        failed = true;
    }
}
