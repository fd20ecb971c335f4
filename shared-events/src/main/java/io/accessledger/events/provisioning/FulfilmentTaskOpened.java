package io.accessledger.events.provisioning;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;
import io.accessledger.events.ids.TaskId;

/** No connector can do it: a person (resource owner or IAM) must grant or remove the access by hand. */
public record FulfilmentTaskOpened(
        EventId eventId,
        GrantId grantId,
        RequestId requestId,
        TaskId taskId,
        EmployeeId employeeId,
        Entitlement entitlement,
        String target,
        String action,
        EmployeeId assigneeId,
        String queue,
        Instant occurredAt) implements GrantKeyed {
}
