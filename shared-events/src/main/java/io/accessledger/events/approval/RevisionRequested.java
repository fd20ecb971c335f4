package io.accessledger.events.approval;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import java.time.Instant;
import io.accessledger.events.model.Stage;

/** A reviewer returned the request to the requester for revision. */
public record RevisionRequested(
        EventId eventId,
        RequestId requestId,
        TaskId taskId,
        Stage stage,
        EmployeeId requestedBy,
        String reason,
        Instant occurredAt) implements RequestKeyed {
    @Override
    public EmployeeId actorId() {
        return requestedBy;
    }
}
