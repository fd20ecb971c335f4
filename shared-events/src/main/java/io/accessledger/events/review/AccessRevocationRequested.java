package io.accessledger.events.review;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;
import io.accessledger.events.model.RevocationReason;

/** Access must go: a leaver, a mover, a review decision, an expiry or a manual revocation. */
public record AccessRevocationRequested(
        EventId eventId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        RevocationReason revocationReason,
        EmployeeId requestedBy,
        String note,
        Instant occurredAt) implements GrantKeyed {
    @Override
    public EmployeeId actorId() {
        return requestedBy;
    }
}
