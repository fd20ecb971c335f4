package io.accessledger.events.review;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * Ungoverned access found by a reconciliation is put before the resource's owner as a review item: keep it
 * ({@link UngovernedAccessAccepted}) or take it out of the target ({@link UngovernedAccessRemovalRequested}).
 * Keyed by {@code findingId}.
 */
public record UngovernedAccessReviewRequested(
        EventId eventId,
        String itemId,
        String campaignId,
        String findingId,
        String target,
        Entitlement entitlement,
        String group,
        String memberId,
        String userName,
        EmployeeId employeeId,
        EmployeeId reviewerId,
        Instant dueAt,
        Instant occurredAt) implements DomainEvent {
    @Override
    public String subject() {
        return findingId;
    }
}
