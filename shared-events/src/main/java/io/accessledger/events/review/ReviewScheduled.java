package io.accessledger.events.review;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/** A grant's periodic review (and, if time-limited, its expiry) is on the calendar. */
public record ReviewScheduled(
        EventId eventId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        Instant reviewDueAt,
        Instant expiresAt,
        Instant occurredAt) implements GrantKeyed {
}
