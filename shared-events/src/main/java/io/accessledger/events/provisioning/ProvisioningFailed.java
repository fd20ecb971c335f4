package io.accessledger.events.provisioning;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;

/** The target refused or could not be reached within the retry budget. */
public record ProvisioningFailed(
        EventId eventId,
        GrantId grantId,
        RequestId requestId,
        EmployeeId employeeId,
        Entitlement entitlement,
        String target,
        int attempts,
        String error,
        Instant occurredAt) implements GrantKeyed {
}
