package io.accessledger.request.hris;

import io.accessledger.request.directory.Employee;
import io.accessledger.spine.ids.NewIds;
import java.time.Clock;
import java.time.LocalDate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Records a worker event as {@link Employee.RecordEmployeeChange}: the event's fields, which the aggregate overlays on
 * the person as it knows them (not on the directory's read model, which lags it by the identity topic's round trip,
 * so that a second change seconds after the first would undo it), and decides hired / transferred / terminated /
 * updated / unchanged.
 */
@Component
public class DirectoryRecorder implements WorkerEventSink {
    private final CommandGateway commands;
    private final Clock clock;

    public DirectoryRecorder(CommandGateway commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @Override
    public boolean record(WorkerEvent event, String source) {
        LocalDate effectiveOn = event.effectiveOn() != null ? event.effectiveOn() : LocalDate.now(clock);
        Boolean changed = commands.sendAndWait(new Employee.RecordEmployeeChange(event.employeeId(), event.patch(),
                effectiveOn, source, NewIds.eventId(), clock.instant()));
        return Boolean.TRUE.equals(changed);
    }
}
