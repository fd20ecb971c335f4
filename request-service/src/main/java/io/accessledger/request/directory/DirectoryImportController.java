package io.accessledger.request.directory;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.BackgroundCheck;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.web.ApiProblem;
import io.accessledger.spine.ids.NewIds;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /api/v1/directory/import} (ADMIN): one identity event per change; the same data again, none. */
@RestController
public class DirectoryImportController {
    /** The source of identity events from the import: the directory's initial load, not hires. */
    public static final String SOURCE = "directory-import";
    private final CommandGateway commands;
    private final Clock clock;

    public DirectoryImportController(CommandGateway commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    public record EmployeeRecord(@NotBlank String employeeId, @NotBlank String name, String email,
            String department, String jobTitle, String managerId, @NotNull EmploymentType employmentType,
            @NotNull EmploymentStatus status, LocalDate securityTrainingCompletedOn,
            BackgroundCheck backgroundCheck, Boolean mfaEnrolled) {

        EmployeeProfile profile() {
            return new EmployeeProfile(EmployeeId.of(employeeId), name, email, department, jobTitle,
                    managerId == null || managerId.isBlank() ? null : EmployeeId.of(managerId), employmentType,
                    status, securityTrainingCompletedOn, backgroundCheck, mfaEnrolled);
        }
    }

    public record ImportResult(int received, int changed) {
    }

    @PostMapping("/api/v1/directory/import")
    public Mono<ImportResult> importDirectory(@RequestBody List<@Valid EmployeeRecord> employees,
            Authentication authentication) {
        if (!Caller.of(authentication).has(Caller.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("Only ADMIN may import the directory"));
        }
        for (int i = 0; i < employees.size(); i++) {
            EmployeeRecord e = employees.get(i);
            if (e == null || e.employeeId() == null || e.employeeId().isBlank() || e.employmentType() == null
                    || e.status() == null || e.name() == null) {
                return Mono.error(ApiProblem.invalid("[" + i + "]",
                        "employeeId, name, employmentType and status are required"));
            }
        }
        return Blocking.call(() -> {
            int changed = 0;
            LocalDate today = LocalDate.now(clock);
            for (EmployeeRecord employee : employees) {
                Boolean didChange = commands.sendAndWait(new Employee.RecordEmployee(
                        EmployeeId.of(employee.employeeId()), employee.profile(), today, SOURCE,
                        NewIds.eventId(), clock.instant()));
                if (Boolean.TRUE.equals(didChange)) {
                    changed++;
                }
            }
            return new ImportResult(employees.size(), changed);
        });
    }
}
