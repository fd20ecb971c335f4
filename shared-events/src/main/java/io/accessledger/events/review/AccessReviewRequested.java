package io.accessledger.events.review;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * One grant is up for review in a campaign: who reviews it (a person, or the members of {@code reviewerGroup}), by
 * when, and whether the reviewer approved it in the first place ({@code reviewerApprovedIt}, flagged to whoever
 * checks the campaign). Keyed by {@code grantId}, so it is ordered with the grant's revocation.
 */
public record AccessReviewRequested(
        EventId eventId,
        String itemId,
        String campaignId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        EmployeeId reviewerId,
        String reviewerGroup,
        Instant dueAt,
        boolean reviewerApprovedIt,
        Instant occurredAt) implements GrantKeyed {
}
