package io.accessledger.events.review;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * The reviewer of ungoverned access ({@link UngovernedAccessReviewRequested}) was reminded that the item is due;
 * {@code reminder} counts from 1. The reviewer is the resource's owner ({@code reviewerId}), or, when it is null, the
 * {@code IAM} queue. Undecided at {@code dueAt}, the member is removed. Keyed by {@code findingId}, with the item's
 * other events.
 */
public record UngovernedAccessReviewReminderSent(
        EventId eventId,
        String itemId,
        String campaignId,
        String findingId,
        String target,
        Entitlement entitlement,
        String group,
        String memberId,
        String userName,
        EmployeeId reviewerId,
        int reminder,
        Instant dueAt,
        Instant occurredAt) implements DomainEvent {
    @Override
    public String subject() {
        return findingId;
    }
}
