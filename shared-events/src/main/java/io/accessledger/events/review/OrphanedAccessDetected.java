package io.accessledger.events.review;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * The daily check found an active grant whose holder is {@code TERMINATED} or {@code UNKNOWN} to the directory; its
 * revocation is asked for next ({@code AccessRevocationRequested}, reason LEAVER). Keyed by {@code grantId}.
 */
public record OrphanedAccessDetected(
        EventId eventId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        String holderStatus,
        Instant occurredAt) implements GrantKeyed {
}
