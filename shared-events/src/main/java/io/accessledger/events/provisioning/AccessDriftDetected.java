package io.accessledger.events.provisioning;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * A reconciliation found an active grant whose access the target no longer holds: the person is not in the group
 * mapped for the entitlement (removed in the target by hand, or never really added). Keyed by {@code grantId}, so it
 * shows on the grant's request timeline.
 */
public record AccessDriftDetected(
        EventId eventId,
        String reconciliationId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        String target,
        String group,
        Instant occurredAt) implements GrantKeyed {
}
