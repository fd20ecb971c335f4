package io.accessledger.events.identity;

import io.accessledger.events.IdentityEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.EmployeeProfile;
import java.time.Instant;
import java.time.LocalDate;

/** A person joined the organisation (or entered the directory for the first time). */
public record EmployeeHired(
        EventId eventId,
        EmployeeId employeeId,
        EmployeeProfile profile,
        LocalDate effectiveOn,
        String source,
        Instant occurredAt) implements IdentityEvent {
}
