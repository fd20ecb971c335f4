package io.accessledger.events.provisioning;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.EventId;
import java.time.Instant;

/**
 * A reconciliation of one target ended, with its counts: members read from the target, active grants compared,
 * ungoverned members and drifted grants found. {@code outcome} FAILED names the {@code failure} (a target that
 * cannot be read, a permanent refusal); the counts are then what was done before it. Keyed by
 * {@code reconciliationId}.
 */
public record ReconciliationCompleted(
        EventId eventId,
        String reconciliationId,
        String target,
        ReconciliationOutcome outcome,
        long membersRead,
        long grantsCompared,
        long ungoverned,
        long drifted,
        String failure,
        Instant occurredAt) implements DomainEvent {
    @Override
    public String subject() {
        return reconciliationId;
    }
}
