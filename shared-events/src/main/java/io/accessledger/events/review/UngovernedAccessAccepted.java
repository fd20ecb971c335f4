package io.accessledger.events.review;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * The resource owner kept access that no grant explains, with their reason; later reconciliations report it as
 * accepted rather than as a new finding. Keyed by {@code findingId}.
 */
public record UngovernedAccessAccepted(
        EventId eventId,
        String itemId,
        String findingId,
        String target,
        Entitlement entitlement,
        String memberId,
        EmployeeId reviewerId,
        String comment,
        Instant occurredAt) implements DomainEvent {
    @Override
    public String subject() {
        return findingId;
    }

    @Override
    public EmployeeId actorId() {
        return reviewerId;
    }

    @Override
    public String reason() {
        return comment;
    }
}
