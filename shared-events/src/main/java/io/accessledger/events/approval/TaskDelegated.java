package io.accessledger.events.approval;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Stage;
import java.time.Instant;

/** An open task was handed to a named colleague, who may now decide it. */
public record TaskDelegated(
        EventId eventId,
        RequestId requestId,
        TaskId taskId,
        Stage stage,
        EmployeeId delegatorId,
        EmployeeId delegateId,
        String reason,
        Instant occurredAt) implements RequestKeyed {

    @Override
    public EmployeeId actorId() {
        return delegatorId;
    }
}
