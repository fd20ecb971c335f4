package io.accessledger.events.policy;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import java.time.Instant;
import io.accessledger.events.model.ConflictSource;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Mitigation;
import io.accessledger.events.model.Sensitivity;

/** A separation-of-duties rule collides with something the person holds or has in flight. */
public record ConflictFlagged(
        EventId eventId,
        RequestId requestId,
        String policyVersion,
        String ruleId,
        String ruleName,
        Sensitivity severity,
        Entitlement requestedEntitlement,
        Entitlement conflictingEntitlement,
        ConflictSource conflictSource,
        Mitigation mitigation,
        Instant occurredAt) implements RequestKeyed {
}
