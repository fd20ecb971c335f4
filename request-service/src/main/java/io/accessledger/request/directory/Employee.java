package io.accessledger.request.directory;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.IdentityEvent;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.identity.EmployeeTerminated;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.identity.EmployeeUpdated;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A person as the directory knows them. Recording the same data again changes nothing and emits nothing. */
@Aggregate
public class Employee {
    private static final Logger log = LoggerFactory.getLogger(Employee.class);
    @AggregateIdentifier
    private EmployeeId employeeId;
    private EmployeeProfile profile;

    protected Employee() {
    }

    /** Record what a source (import, HRIS) says about a person; returns whether anything changed. */
    public record RecordEmployee(@TargetAggregateIdentifier EmployeeId employeeId, EmployeeProfile profile,
            LocalDate effectiveOn, String source, EventId eventId, Instant at) {
    }

    /**
     * Record what a source (an HR system) says changed about a person, applied here to the person as this aggregate
     * knows them, not as the directory's read model does (it lags by the identity topic's round trip, so two changes
     * seconds apart would each be overlaid on the profile before both, the second undoing the first); returns whether
     * anything changed. Someone the directory does not know is recorded only when the change names them, and a
     * termination of someone unknown is ignored.
     */
    public record RecordEmployeeChange(@TargetAggregateIdentifier EmployeeId employeeId, ProfileChange change,
            LocalDate effectiveOn, String source, EventId eventId, Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean handle(RecordEmployee command) {
        return record(command.employeeId(), command.profile(), command.effectiveOn(), command.source(),
                command.eventId(), command.at());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean handle(RecordEmployeeChange command) {
        EmployeeProfile incoming = command.change().applyTo(command.employeeId(), profile);
        if (profile == null && incoming.status() == EmploymentStatus.TERMINATED) {
            log.warn("{}: termination of {}, who is not in the directory; ignored", command.source(),
                    command.employeeId());
            return false;
        }
        if (profile == null && incoming.name() == null) {
            log.warn("{}: partial change of {}, who is not in the directory (yet); ignored", command.source(),
                    command.employeeId());
            return false;
        }
        return record(command.employeeId(), incoming, command.effectiveOn(), command.source(), command.eventId(),
                command.at());
    }

    private boolean record(EmployeeId id, EmployeeProfile incoming, LocalDate effectiveOn, String source,
            EventId eventId, Instant at) {
        DirectoryChange change = DirectoryChange.between(profile, incoming);
        IdentityEvent event;
        if (change instanceof DirectoryChange.Hired) {
            event = new EmployeeHired(eventId, id, incoming, effectiveOn, source, at);
        } else if (change instanceof DirectoryChange.Terminated) {
            event = new EmployeeTerminated(eventId, id, incoming, effectiveOn, source, at);
        } else if (change instanceof DirectoryChange.Transferred) {
            event = new EmployeeTransferred(eventId, id, incoming, profile.department(), profile.jobTitle(),
                    profile.managerId(), effectiveOn, source, at);
        } else if (change instanceof DirectoryChange.Updated updated) {
            event = new EmployeeUpdated(eventId, id, incoming, updated.changedFields(), effectiveOn, source, at);
        } else {
            event = null;
        }
        if (event == null) {
            return false;
        }
        apply(event);
        return true;
    }

    @EventSourcingHandler
    void on(EmployeeHired event) {
        employeeId = event.employeeId();
        profile = event.profile();
    }

    @EventSourcingHandler
    void on(EmployeeUpdated event) {
        profile = event.profile();
    }

    @EventSourcingHandler
    void on(EmployeeTransferred event) {
        profile = event.profile();
    }

    @EventSourcingHandler
    void on(EmployeeTerminated event) {
        profile = event.profile();
    }
}
