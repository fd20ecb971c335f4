package io.accessledger.events.review;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * Ungoverned access must go: the resource owner revoked it in review ({@code requestedBy} the reviewer), or nobody
 * answered and the review's non-response policy removes it ({@code requestedBy} null). provisioning-service takes that
 * member out of that group and records {@code UngovernedAccessRemoved}. Keyed by {@code findingId}.
 */
public record UngovernedAccessRemovalRequested(
        EventId eventId,
        String itemId,
        String findingId,
        String target,
        Entitlement entitlement,
        String group,
        String memberId,
        EmployeeId requestedBy,
        String note,
        Instant occurredAt) implements DomainEvent {
    @Override
    public String subject() {
        return findingId;
    }

    @Override
    public EmployeeId actorId() {
        return requestedBy;
    }

    @Override
    public String reason() {
        return note;
    }
}
