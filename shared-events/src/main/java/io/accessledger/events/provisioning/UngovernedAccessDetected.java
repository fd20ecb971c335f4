package io.accessledger.events.provisioning;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * A reconciliation found a member of a target group that no active grant explains: access given behind
 * AccessLedger's back. {@code findingId} names this (target, group, member) and is the same in every reconciliation
 * that finds it again; {@code memberId}/{@code userName} are the target's own ids, {@code employeeId} the person
 * they match in the directory (null when nobody does). {@code handling} is what the target's policy does next:
 * REVIEW (review-scheduler puts it before the resource owner) or REMOVE (provisioning-service takes it out and
 * records {@link UngovernedAccessRemoved}). Keyed by {@code findingId}.
 */
public record UngovernedAccessDetected(
        EventId eventId,
        String findingId,
        String reconciliationId,
        String target,
        Entitlement entitlement,
        String group,
        String memberId,
        String userName,
        EmployeeId employeeId,
        UngovernedHandling handling,
        Instant occurredAt) implements DomainEvent {
    @Override
    public String subject() {
        return findingId;
    }
}
