package io.accessledger.events.provisioning;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;
import io.accessledger.events.model.Conditions;

/** The target system acknowledged the grant. The grant window starts here. */
public record AccessProvisioned(
        EventId eventId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        String target,
        String connector,
        String reference,
        EmployeeId provisionedBy,
        Conditions conditions,
        Instant grantedAt,
        Instant expiresAt,
        Instant reviewDueAt,
        Instant occurredAt) implements GrantKeyed {
    @Override
    public EmployeeId actorId() {
        return provisionedBy;
    }
}
