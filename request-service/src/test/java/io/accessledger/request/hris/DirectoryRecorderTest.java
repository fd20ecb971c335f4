package io.accessledger.request.hris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.BackgroundCheck;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.request.directory.DirectoryView;
import io.accessledger.request.directory.Employee;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class DirectoryRecorderTest {
    private static final Instant NOW = Instant.parse("2026-11-24T04:00:00Z");
    private static final EmployeeId ID = EmployeeId.of("E1");
    private static final EmployeeProfile CURRENT = new EmployeeProfile(ID, "Ada Lovelace", "ada@example.com",
            "Engineering", "Engineer", EmployeeId.of("E9"), EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE,
            LocalDate.parse("2026-01-10"), BackgroundCheck.COMPLETE, true);

    private final CommandGateway commands = mock(CommandGateway.class);
    private final DirectoryView directory = mock(DirectoryView.class);
    private final DirectoryRecorder recorder = new DirectoryRecorder(commands, directory,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private Employee.RecordEmployee sent() {
        ArgumentCaptor<Employee.RecordEmployee> command = ArgumentCaptor.forClass(Employee.RecordEmployee.class);
        verify(commands).sendAndWait(command.capture());
        return command.getValue();
    }

    @Test
    void sendsTheCurrentProfileWithTheChangedFieldsOverlaid() {
        when(directory.find(ID)).thenReturn(Optional.of(CURRENT));
        when(commands.sendAndWait(any())).thenReturn(true);

        boolean changed = recorder.record(new WorkerEvent(ID, ProfilePatch.of(Map.of("department", "Risk")),
                LocalDate.parse("2026-11-20")), "workday");

        assertThat(changed).isTrue();
        Employee.RecordEmployee command = sent();
        assertThat(command.employeeId()).isEqualTo(ID);
        assertThat(command.profile().department()).isEqualTo("Risk");
        assertThat(command.profile().name()).isEqualTo("Ada Lovelace");
        assertThat(command.effectiveOn()).isEqualTo(LocalDate.parse("2026-11-20"));
        assertThat(command.source()).isEqualTo("workday");
        assertThat(command.at()).isEqualTo(NOW);
        assertThat(command.eventId()).isNotNull();
    }

    @Test
    void anEventWithoutEffectiveDateIsEffectiveToday() {
        when(directory.find(ID)).thenReturn(Optional.of(CURRENT));

        assertThat(recorder.record(new WorkerEvent(ID, ProfilePatch.of(Map.of("status", "TERMINATED")), null),
                "bamboohr")).isFalse();

        assertThat(sent().effectiveOn()).isEqualTo(LocalDate.parse("2026-11-24"));
    }

    @Test
    void aTerminationOfSomeoneUnknownIsIgnored() {
        when(directory.find(ID)).thenReturn(Optional.empty());

        assertThat(recorder.record(new WorkerEvent(ID, ProfilePatch.of(Map.of("status", "TERMINATED")), null),
                "bamboohr")).isFalse();

        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void aPartialChangeOfSomeoneUnknownIsIgnored() {
        when(directory.find(ID)).thenReturn(Optional.empty());

        assertThat(recorder.record(new WorkerEvent(ID, ProfilePatch.of(Map.of("department", "Risk")), null),
                "hris")).isFalse();

        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void aNewPersonWithANameIsRecordedAsAnActiveEmployee() {
        when(directory.find(ID)).thenReturn(Optional.empty());

        recorder.record(new WorkerEvent(ID, ProfilePatch.of(Map.of("name", "New Person")), null), "hris");

        assertThat(sent().profile()).isEqualTo(new EmployeeProfile(ID, "New Person", null, null, null, null,
                EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE, null, null, null));
    }
}
