package io.accessledger.events.identity;

import io.accessledger.events.IdentityEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.EmployeeProfile;
import java.time.Instant;
import java.time.LocalDate;

/** A person left: everything they hold is revoked on the effective date. */
public record EmployeeTerminated(
        EventId eventId,
        EmployeeId employeeId,
        EmployeeProfile profile,
        LocalDate effectiveOn,
        String source,
        Instant occurredAt) implements IdentityEvent {
}
