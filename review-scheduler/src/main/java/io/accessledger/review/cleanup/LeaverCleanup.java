package io.accessledger.review.cleanup;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.IdentityEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.identity.EmployeeTerminated;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.review.jobs.JobRuns;
import io.accessledger.review.schedule.ReviewSchedule;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Leavers lose everything, and nothing is left orphaned: on a termination (on its effective date) every grant the
 * person holds is asked to be revoked, and so is any grant that completes for them afterwards. A later identity event
 * showing the person not terminated (reinstated before the date, rehired) ends that: nothing more of theirs goes.
 */
@Component
public class LeaverCleanup implements EventConsumer {
    private final HeldGrantsView heldGrants;
    private final LeaverStore leavers;
    private final CausedCommands causedCommands;
    private final CommandGateway commands;
    private final JobRuns jobs;
    private final Duration sweepEvery;
    private final Clock clock;

    public LeaverCleanup(HeldGrantsView heldGrants, LeaverStore leavers, CausedCommands causedCommands,
            CommandGateway commands, JobRuns jobs,
            @Value("${accessledger.review.leaver-sweep-every:PT10M}") Duration sweepEvery, Clock clock) {
        this.heldGrants = heldGrants;
        this.leavers = leavers;
        this.causedCommands = causedCommands;
        this.commands = commands;
        this.jobs = jobs;
        this.sweepEvery = sweepEvery;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "leaver-cleanup";
    }

    /**
     * Its effect lies in the handling transaction (the held grants and the leavers are this service's tables, the
     * revocations commands on review schedules, whose handlers only apply events): its polls are applied whole, in one
     * transaction.
     */
    @Override
    public boolean effectInTransaction() {
        return true;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.IDENTITY, Topic.PROVISIONING);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof AccessProvisioned p) {
            heldGrants.provisioned(p);
            if (leavers.leftBy(p.employeeId(), today())) {
                revoke(new HeldGrantsView.HeldGrant(p.grantId(), p.requestId(), p.employeeId(), p.entitlement()),
                        envelope);
            }
        } else if (event instanceof AccessRevoked r) {
            heldGrants.ended(r.grantId());
        } else if (event instanceof AccessExpired x) {
            heldGrants.ended(x.grantId());
        } else if (event instanceof EmployeeTerminated t) {
            LocalDate effective = t.effectiveOn() == null ? today() : t.effectiveOn();
            leavers.leaves(t.employeeId(), effective, envelope.id());
            if (!effective.isAfter(today())) {
                revokeAllOf(t.employeeId(), envelope);
            }
        } else if (event instanceof IdentityEvent changed && changed.profile() != null
                && changed.profile().status() != EmploymentStatus.TERMINATED) {
            leavers.forget(changed.employeeId());
        }
    }

    /** The timer of every instance fires; the sweep happens on one of them (the job's lease). */
    @Scheduled(fixedDelayString = "${accessledger.review.leaver-sweep-every:PT10M}",
            initialDelayString = "${accessledger.review.leaver-sweep-first-after:PT30S}")
    public void sweepOnOneInstance() {
        jobs.exclusively("leaver-sweep", sweepEvery, this::sweep);
    }

    /**
     * Leavers whose effective date has come: everything they still hold goes. Each grant is asked on its own; a leaver
     * one of whose grants failed stays due, and the next sweep asks again.
     */
    public void sweep() {
        for (EmployeeId leaver : leavers.due(today())) {
            revokeAllOf(leaver, null);
        }
    }

    /** {@code cause}: the event that made it due (a failure fails its handling), or none for the sweep. */
    private void revokeAllOf(EmployeeId employeeId, Envelope cause) {
        boolean all = true;
        for (HeldGrantsView.HeldGrant grant : heldGrants.heldBy(employeeId)) {
            if (cause == null) {
                all &= jobs.attempt("leaver-sweep", grant.grantId().value(), () -> revoke(grant, null));
            } else {
                revoke(grant, cause);
            }
        }
        if (all) {
            leavers.done(employeeId);
        }
    }

    /** {@code cause}: the event that made it due, or none when the sweep found it due. */
    private void revoke(HeldGrantsView.HeldGrant grant, Envelope cause) {
        Object command = new ReviewSchedule.RequestRevocation(grant.grantId(), grant.requestId(), grant.employeeId(),
                grant.entitlement(), RevocationReason.LEAVER, null, "Left the organisation",
                EventId.of(Ids.nameBased("leaver-revocation:" + grant.grantId().value())), clock.instant());
        if (cause == null) {
            commands.sendAndWait(command);
        } else {
            causedCommands.send(command, cause);
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
