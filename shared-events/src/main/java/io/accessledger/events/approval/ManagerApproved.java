package io.accessledger.events.approval;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import java.time.Instant;
import io.accessledger.events.model.Conditions;

/** The beneficiary's manager confirmed the access fits the person's role. */
public record ManagerApproved(
        EventId eventId,
        RequestId requestId,
        TaskId taskId,
        EmployeeId approverId,
        String reason,
        Conditions conditions,
        Instant occurredAt) implements RequestKeyed {
    @Override
    public EmployeeId actorId() {
        return approverId;
    }
}
