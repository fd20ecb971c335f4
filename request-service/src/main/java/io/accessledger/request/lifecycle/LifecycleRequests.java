package io.accessledger.request.lifecycle;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.request.directory.DirectoryImportController;
import io.accessledger.events.identity.EmployeeTerminated;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.policyinforce.PolicyInForceView;
import io.accessledger.request.intake.AccessRequest;
import io.accessledger.request.intake.IntakeDoor;
import io.accessledger.request.timeline.RequestView;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import io.accessledger.spine.inbound.NotYet;
import io.accessledger.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Joiners, movers and leavers, from the identity topic. A hire asks for every item of the standard profile of the
 * person's position (HRIS_JOINER); a transfer asks for the new position's items the person lacks (HRIS_MOVER; the
 * review-scheduler takes away what falls outside it); a termination withdraws the person's undecided requests. Every
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
    private final Clock clock;

    public LifecycleRequests(IntakeDoor door, PolicyInForceView catalog, RequestView requests, CausedCommands commands,
            Clock clock) {
        this.clock = clock;
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
            for (String requestId : requests.inFlight(left.employeeId())) {
                commands.send(new AccessRequest.WithdrawForLeaver(RequestId.of(requestId), LifecycleRules.SYSTEM_ACTOR,
                        LifecycleRules.leaverReason(on), LifecycleRules.withdrawalEventId(left.eventId(), requestId),
                        clock.instant()), envelope);
                log.info("Leaver {}: request {} withdrawn", left.employeeId(), requestId);
            }
        }
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
