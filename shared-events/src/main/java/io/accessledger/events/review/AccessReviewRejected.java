package io.accessledger.events.review;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * The reviewer decided the grant must go (its revocation follows, reason REVIEW). Keyed by {@code grantId}, so it
 * is ordered with the grant's revocation.
 */
public record AccessReviewRejected(
        EventId eventId,
        String itemId,
        String campaignId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        EmployeeId reviewerId,
        String comment,
        Instant occurredAt) implements ReviewerActed {
}
