package io.accessledger.request.hris;

import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.request.directory.DirectoryView;
import io.accessledger.request.directory.Employee;
import io.accessledger.spine.ids.NewIds;
import java.time.Clock;
import java.time.LocalDate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records a worker event as {@link Employee.RecordEmployee}: the current profile from the {@link DirectoryView},
 * the event's fields overlaid; the aggregate decides hired / transferred / terminated / updated / unchanged.
 */
@Component
public class DirectoryRecorder implements WorkerEventSink {
    private static final Logger log = LoggerFactory.getLogger(DirectoryRecorder.class);
    private final CommandGateway commands;
    private final DirectoryView directory;
    private final Clock clock;

    public DirectoryRecorder(CommandGateway commands, DirectoryView directory, Clock clock) {
        this.commands = commands;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public boolean record(WorkerEvent event, String source) {
        EmployeeProfile current = directory.find(event.employeeId()).orElse(null);
        EmployeeProfile profile = event.patch().applyTo(event.employeeId(), current);
        if (current == null && profile.status() == EmploymentStatus.TERMINATED) {
            log.warn("{}: termination of {}, who is not in the directory; ignored", source, event.employeeId());
            return false;
        }
        if (current == null && profile.name() == null) {
            log.warn("{}: partial change of {}, who is not in the directory (yet); ignored", source,
                    event.employeeId());
            return false;
        }
        LocalDate effectiveOn = event.effectiveOn() != null ? event.effectiveOn() : LocalDate.now(clock);
        Boolean changed = commands.sendAndWait(new Employee.RecordEmployee(event.employeeId(), profile, effectiveOn,
                source, NewIds.eventId(), clock.instant()));
        return Boolean.TRUE.equals(changed);
    }
}
