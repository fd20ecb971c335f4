package io.accessledger.events.provisioning;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;
import io.accessledger.events.model.RevocationReason;

/** The access was removed from the target system. */
public record AccessRevoked(
        EventId eventId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        String target,
        RevocationReason revocationReason,
        EmployeeId revokedBy,
        Instant occurredAt) implements GrantKeyed {
    @Override
    public EmployeeId actorId() {
        return revokedBy;
    }
}
