package io.accessledger.events.provisioning;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/** Time-limited access reached its end and was removed from the target system. */
public record AccessExpired(
        EventId eventId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        String target,
        Instant expiredAt,
        Instant occurredAt) implements GrantKeyed {
}
