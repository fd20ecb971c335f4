package io.accessledger.request.lifecycle;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.IdentityEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.identity.EmployeeTerminated;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.policyinforce.PolicyInForceView;
import io.accessledger.request.directory.DirectoryImportController;
import io.accessledger.request.intake.AccessRequest;
import io.accessledger.request.intake.IntakeDoor;
import io.accessledger.request.timeline.RequestView;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import io.accessledger.spine.inbound.NotYet;
import io.accessledger.spine.jobs.JobLeases;
import io.accessledger.web.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Joiners, movers and leavers, from the identity topic. A hire asks for every item of the standard profile of the
 * person's position (HRIS_JOINER); a transfer asks for the new position's items the person lacks (HRIS_MOVER; the
 * review-scheduler takes away what falls outside it); a termination withdraws the person's undecided requests on its
 * effective date — at once when that day has come, otherwise by the sweep on that day (kept in the
 * {@link LeaverWithdrawalStore}, forgotten when a later identity event shows the person not terminated), as
 * review-scheduler's leaver clean-up revokes their grants on that day. Every
 * request goes through the intake door; an item the door refuses is logged and skipped, never failing the rest.
 * Request ids are name-based from the identity event and the entitlement, so a redelivered event asks for nothing
 * twice. A hire or move that arrives before any policy version (topics are not ordered with each other) waits for it:
 * {@link NotYet} parks the event until the policy-in-force view knows a version.
 */
@Component
public class LifecycleRequests implements EventConsumer {
    private static final Logger log = LoggerFactory.getLogger(LifecycleRequests.class);
    private final IntakeDoor door;
    private final PolicyInForceView catalog;
    private final RequestView requests;
    private final CausedCommands commands;
    private final CommandGateway gateway;
    private final LeaverWithdrawalStore leavers;
    private final JobLeases leases;
    private final Clock clock;

    public LifecycleRequests(IntakeDoor door, PolicyInForceView catalog, RequestView requests, CausedCommands commands,
            CommandGateway gateway, LeaverWithdrawalStore leavers, JobLeases leases, Clock clock) {
        this.clock = clock;
        this.gateway = gateway;
        this.leavers = leavers;
        this.leases = leases;
        this.door = door;
        this.catalog = catalog;
        this.requests = requests;
        this.commands = commands;
    }

    @Override
    public String name() {
        return "joiner-mover-leaver";
    }

    /**
     * Its effect lies in the handling transaction (the intake door and the views are read from this service's tables,
     * every request a command on its own aggregate, whose handler only applies events): its polls are applied whole, in
     * one transaction.
     */
    @Override
    public boolean effectInTransaction() {
        return true;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.IDENTITY);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof EmployeeHired hired
                && LifecycleRules.startsBirthright(hired.source(), DirectoryImportController.SOURCE)) {
            LocalDate on = effective(hired.effectiveOn(), hired.occurredAt());
            requestProfile(hired.eventId(), hired.profile(), RequestSource.HRIS_JOINER, "hire",
                    item -> LifecycleRules.joinerJustification(item, hired.profile(), on), envelope);
        } else if (event instanceof EmployeeTransferred moved && moved.positionChanged()) {
            LocalDate on = effective(moved.effectiveOn(), moved.occurredAt());
            requestProfile(moved.eventId(), moved.profile(), RequestSource.HRIS_MOVER, "transfer",
                    item -> LifecycleRules.moverJustification(item, moved.profile(), moved.previousDepartment(),
                            moved.previousJobTitle(), on), envelope);
        } else if (event instanceof EmployeeTerminated left) {
            LocalDate on = effective(left.effectiveOn(), left.occurredAt());
            if (on.isAfter(today())) {
                leavers.leavesOn(left.employeeId(), on, left.eventId());
                log.info("Leaver {}: undecided requests to be withdrawn on {}", left.employeeId(), on);
            } else {
                leavers.forget(left.employeeId());
                withdrawUndecided(left.employeeId(), on, left.eventId(), command -> commands.send(command, envelope));
            }
        }
        if (event instanceof IdentityEvent changed && changed.profile() != null
                && changed.profile().status() != EmploymentStatus.TERMINATED) {
            leavers.forget(changed.employeeId());
        }
    }

    /** The timer of every instance fires; the sweep happens on one of them (the job's lease). */
    @Scheduled(fixedDelayString = "${accessledger.request.leaver-sweep-every:PT10M}",
            initialDelayString = "${accessledger.request.leaver-sweep-first-after:PT30S}")
    public void sweepOnOneInstance() {
        try {
            leases.runExclusively("leaver-withdrawal", Duration.ofMinutes(1), Duration.ofMinutes(10), this::sweep);
        } catch (RuntimeException e) {
            log.error("The leavers' withdrawals failed; retried on the next run", e);
        }
    }

    /**
     * Terminations dated ahead whose date has come: the person's undecided requests are withdrawn (as at once for a
     * termination effective now). A leaver one of whose withdrawals failed stays due; the next sweep asks again (the
     * withdrawal's event id is name-based, and a request already decided or withdrawn is left as it is).
     */
    public void sweep() {
        for (LeaverWithdrawalStore.Due due : leavers.due(today())) {
            try {
                withdrawUndecided(due.employeeId(), due.effectiveOn(), due.terminationId(), gateway::sendAndWait);
                leavers.done(due);
            } catch (RuntimeException e) {
                log.warn("Leaver {}: withdrawals failed; retried on the next sweep", due.employeeId(), e);
            }
        }
    }

    private void withdrawUndecided(EmployeeId leaver, LocalDate on, EventId termination, Consumer<Object> send) {
        for (String requestId : requests.inFlight(leaver)) {
            send.accept(new AccessRequest.WithdrawForLeaver(RequestId.of(requestId), LifecycleRules.SYSTEM_ACTOR,
                    LifecycleRules.leaverReason(on), LifecycleRules.withdrawalEventId(termination, requestId),
                    clock.instant()));
            log.info("Leaver {}: request {} withdrawn", leaver, requestId);
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private void requestProfile(EventId cause, EmployeeProfile person, RequestSource source, String what,
            Function<LifecycleRules.ProfileItem, String> justification, Envelope envelope) {
        if (person.status() == EmploymentStatus.TERMINATED) {
            return;
        }
        PolicyDocument policy = catalog.current().orElseThrow(() -> new NotYet("a published policy, to know the "
                + "standard profile for the " + what + " of " + person.employeeId()));
        List<LifecycleRules.ProfileItem> items = LifecycleRules.profileItems(policy, person.department(),
                person.jobTitle());
        if (items.isEmpty()) {
            log.info("No standard profile for {} / {}: nothing requested for the {} of {}", person.department(),
                    person.jobTitle(), what, person.employeeId());
            return;
        }
        for (LifecycleRules.ProfileItem item : items) {
            RequestId requestId = LifecycleRules.requestId(cause, item.entitlement());
            AccessRequest.SubmitAccessRequest submit;
            try {
                submit = door.checkedOnBehalf(requestId, LifecycleRules.SYSTEM_ACTOR, person, item.entitlement(),
                        justification.apply(item), source, LifecycleRules.submittedEventId(requestId));
            } catch (ApiProblem refused) {
                log.info("{} of {}: {} not requested ({}: {})", what, person.employeeId(), item.entitlement(),
                        refused.slug(), refused.getMessage());
                continue;
            }
            commands.send(new AccessRequest.SubmitOnce(requestId, submit), envelope);
            log.info("{} of {}: requested {} as {}", what, person.employeeId(), item.entitlement(), requestId);
        }
    }

    private static LocalDate effective(LocalDate effectiveOn, Instant occurredAt) {
        return effectiveOn != null ? effectiveOn : occurredAt.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
