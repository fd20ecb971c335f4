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
import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A person as the directory knows them. Recording the same data again changes nothing and emits nothing. */
@Aggregate
public class Employee {
    @AggregateIdentifier
    private EmployeeId employeeId;
    private EmployeeProfile profile;

    protected Employee() {
    }

    /** Record what a source (import, HRIS) says about a person; returns whether anything changed. */
    public record RecordEmployee(@TargetAggregateIdentifier EmployeeId employeeId, EmployeeProfile profile,
            LocalDate effectiveOn, String source, EventId eventId, Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean handle(RecordEmployee command) {
        DirectoryChange change = DirectoryChange.between(profile, command.profile());
        IdentityEvent event;
        if (change instanceof DirectoryChange.Hired) {
            event = new EmployeeHired(command.eventId(), command.employeeId(), command.profile(),
                    command.effectiveOn(), command.source(), command.at());
        } else if (change instanceof DirectoryChange.Terminated) {
            event = new EmployeeTerminated(command.eventId(), command.employeeId(), command.profile(),
                    command.effectiveOn(), command.source(), command.at());
        } else if (change instanceof DirectoryChange.Transferred) {
            event = new EmployeeTransferred(command.eventId(), command.employeeId(), command.profile(),
                    profile.department(), profile.jobTitle(), profile.managerId(), command.effectiveOn(),
                    command.source(), command.at());
        } else if (change instanceof DirectoryChange.Updated updated) {
            event = new EmployeeUpdated(command.eventId(), command.employeeId(), command.profile(),
                    updated.changedFields(), command.effectiveOn(), command.source(), command.at());
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
