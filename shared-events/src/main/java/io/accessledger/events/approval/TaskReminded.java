package io.accessledger.events.approval;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Stage;
import java.time.Instant;

/** An open task nears its due time: its assignee (or queue) is reminded. */
public record TaskReminded(
        EventId eventId,
        RequestId requestId,
        TaskId taskId,
        Stage stage,
        EmployeeId assigneeId,
        String queue,
        Instant dueAt,
        Instant occurredAt) implements RequestKeyed {
}
