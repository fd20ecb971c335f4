package io.accessledger.events.provisioning;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * Time-limited access reached its end and was removed from the target system — or, when {@code membershipKeptFor}
 * names another grant, left there: that grant of the same person for the same entitlement on the same target, active
 * or on its way to active, still needs the membership the two share, so no target was called (see
 * {@link AccessRevoked}; null when the membership was removed). Additive within v1.
 */
public record AccessExpired(
        EventId eventId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        String target,
        Instant expiredAt,
        Instant occurredAt,
        GrantId membershipKeptFor) implements GrantKeyed {

    /** An expiry that removed the membership (the form every producer wrote before {@code membershipKeptFor}). */
    public AccessExpired(EventId eventId, GrantId grantId, RequestId requestId, EmployeeId employeeId,
            Entitlement entitlement, String target, Instant expiredAt, Instant occurredAt) {
        this(eventId, grantId, requestId, employeeId, entitlement, target, expiredAt, occurredAt, null);
    }
}
