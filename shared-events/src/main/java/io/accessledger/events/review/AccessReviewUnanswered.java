package io.accessledger.events.review;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * Nobody decided by the (last) due time, and the campaign's non-response policy was applied: {@code applied}
 * REVOKE (its revocation follows, reason REVIEW) or KEEP_FLAGGED (kept, and recorded as unanswered). Keyed by
 * {@code grantId}, so it is ordered with the grant's revocation.
 */
public record AccessReviewUnanswered(
        EventId eventId,
        String itemId,
        String campaignId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        EmployeeId reviewerId,
        NonResponsePolicy applied,
        Instant occurredAt) implements GrantKeyed {
}
