package io.accessledger.events.identity;

import io.accessledger.events.IdentityEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.EmployeeProfile;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Some of a person's attributes changed, without a move to another position. */
public record EmployeeUpdated(
        EventId eventId,
        EmployeeId employeeId,
        EmployeeProfile profile,
        List<String> changedFields,
        LocalDate effectiveOn,
        String source,
        Instant occurredAt) implements IdentityEvent {
}
