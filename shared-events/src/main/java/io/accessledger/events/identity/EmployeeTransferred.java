package io.accessledger.events.identity;

import io.accessledger.events.IdentityEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.EmployeeProfile;
import java.time.Instant;
import java.time.LocalDate;

/** A person moved: another department, job title or manager. Access outside the new profile is reviewed. */
public record EmployeeTransferred(
        EventId eventId,
        EmployeeId employeeId,
        EmployeeProfile profile,
        String previousDepartment,
        String previousJobTitle,
        EmployeeId previousManagerId,
        LocalDate effectiveOn,
        String source,
        Instant occurredAt) implements IdentityEvent {
}
