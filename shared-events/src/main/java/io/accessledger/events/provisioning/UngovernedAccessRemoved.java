package io.accessledger.events.provisioning;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * Ungoverned access was taken out of the target: only that member of that group. {@code cause} REMOVE means the
 * target's policy removes ungoverned access at once; REVIEW means the resource owner's review asked for it
 * ({@code removedBy} the reviewer, null when the review's non-response policy did). Keyed by {@code findingId}.
 */
public record UngovernedAccessRemoved(
        EventId eventId,
        String findingId,
        String target,
        Entitlement entitlement,
        String group,
        String memberId,
        String userName,
        UngovernedHandling cause,
        EmployeeId removedBy,
        Instant occurredAt) implements DomainEvent {
    @Override
    public String subject() {
        return findingId;
    }

    @Override
    public EmployeeId actorId() {
        return removedBy;
    }
}
