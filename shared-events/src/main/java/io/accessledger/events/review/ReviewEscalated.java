package io.accessledger.events.review;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * Nobody decided by the due time: the item goes to the reviewer's manager, due again at {@code dueAt}. Keyed by
 * {@code grantId}, so it is ordered with the grant's revocation.
 */
public record ReviewEscalated(
        EventId eventId,
        String itemId,
        String campaignId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        EmployeeId fromReviewerId,
        EmployeeId toReviewerId,
        Instant dueAt,
        Instant occurredAt) implements GrantKeyed {
}
