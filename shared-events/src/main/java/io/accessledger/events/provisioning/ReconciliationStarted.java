package io.accessledger.events.provisioning;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;
import java.util.List;

/**
 * A reconciliation of one target began: provisioning-service reads what the target really holds in the groups
 * mapped for {@code entitlements} and compares it with the active grants. At most one runs per target at a time.
 * {@code requestedBy} is the person who asked (null when the schedule started it). Keyed by
 * {@code reconciliationId}.
 */
public record ReconciliationStarted(
        EventId eventId,
        String reconciliationId,
        String target,
        ReconciliationTrigger trigger,
        EmployeeId requestedBy,
        List<Entitlement> entitlements,
        Instant occurredAt) implements DomainEvent {
    public ReconciliationStarted {
        entitlements = entitlements == null ? List.of() : List.copyOf(entitlements);
    }

    @Override
    public String subject() {
        return reconciliationId;
    }

    @Override
    public EmployeeId actorId() {
        return requestedBy;
    }
}
