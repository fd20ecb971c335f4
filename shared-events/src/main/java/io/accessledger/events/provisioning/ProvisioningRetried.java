package io.accessledger.events.provisioning;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/**
 * Someone (IAM) sent a failed grant back to its target: the connector tries again with a fresh retry budget, and
 * the grant is provisioning again until {@link AccessProvisioned} or another {@link ProvisioningFailed}.
 */
public record ProvisioningRetried(
        EventId eventId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        String target,
        EmployeeId retriedBy,
        String reason,
        Instant occurredAt) implements GrantKeyed {
    @Override
    public EmployeeId actorId() {
        return retriedBy;
    }
}
