package io.accessledger.events.approval;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import java.time.Instant;
import io.accessledger.events.model.Stage;

/** A review task was opened for one stage: assigned to a person, or to the queue of a role. */
public record ApprovalTaskOpened(
        EventId eventId,
        RequestId requestId,
        TaskId taskId,
        Stage stage,
        EmployeeId assigneeId,
        String queue,
        Instant dueAt,
        Instant occurredAt) implements RequestKeyed {
}
