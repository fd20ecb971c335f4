package io.accessledger.events.approval;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import java.time.Instant;

/** The beneficiary's manager declined the request, with a reason. */
public record ManagerRejected(
        EventId eventId,
        RequestId requestId,
        TaskId taskId,
        EmployeeId approverId,
        String reason,
        Instant occurredAt) implements RequestKeyed {
    @Override
    public EmployeeId actorId() {
        return approverId;
    }
}
