package io.accessledger.events.model;

import io.accessledger.events.ids.EmployeeId;
import java.time.LocalDate;

/** A person as the directory knows them, after the change an identity event describes. */
public record EmployeeProfile(
        EmployeeId employeeId,
        String name,
        String email,
        String department,
        String jobTitle,
        EmployeeId managerId,
        EmploymentType employmentType,
        EmploymentStatus status,
        LocalDate securityTrainingCompletedOn,
        BackgroundCheck backgroundCheck,
        Boolean mfaEnrolled) {
}
