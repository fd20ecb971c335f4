package io.accessledger.events.review;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * The reviewer was reminded that the item is due; {@code reminder} counts from 1. Keyed by {@code grantId}, so it
 * is ordered with the grant's revocation. The reviewer is a person ({@code reviewerId}) or a group's queue
 * ({@code reviewerGroup}, added in v1: absent from reminders written before it).
 */
public record ReviewReminderSent(
        EventId eventId,
        String itemId,
        String campaignId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        EmployeeId reviewerId,
        String reviewerGroup,
        int reminder,
        Instant dueAt,
        Instant occurredAt) implements GrantKeyed {
}
