package io.accessledger.events.provisioning;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;
import io.accessledger.events.model.RevocationReason;

/**
 * The grant ended before its time: its access was removed from the target system — or, when
 * {@code membershipKeptFor} names another grant, left there. Connectors act on the target's membership (a group
 * membership), not on a grant, and two grants of one person for one entitlement on one target share it: the grant
 * ended is recorded revoked, and no target was called because that other grant, active or on its way to active,
 * still needs the membership (absent, null, when the membership was removed). Additive within v1.
 */
public record AccessRevoked(
        EventId eventId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        String target,
        RevocationReason revocationReason,
        EmployeeId revokedBy,
        Instant occurredAt,
        GrantId membershipKeptFor) implements GrantKeyed {

    /** A revocation that removed the membership (the form every producer wrote before {@code membershipKeptFor}). */
    public AccessRevoked(EventId eventId, GrantId grantId, RequestId requestId, EmployeeId employeeId,
            Entitlement entitlement, String target, RevocationReason revocationReason, EmployeeId revokedBy,
            Instant occurredAt) {
        this(eventId, grantId, requestId, employeeId, entitlement, target, revocationReason, revokedBy, occurredAt,
                null);
    }

    @Override
    public EmployeeId actorId() {
        return revokedBy;
    }
}
