package io.accessledger.events.approval;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Stage;
import java.time.Instant;

/** Nobody decided an open task by its due time: it moved one level up (the next manager, then the IAM queue). */
public record TaskEscalated(
        EventId eventId,
        RequestId requestId,
        TaskId taskId,
        Stage stage,
        EmployeeId fromAssigneeId,
        String fromQueue,
        EmployeeId toAssigneeId,
        String toQueue,
        int level,
        Instant dueAt,
        Instant occurredAt) implements RequestKeyed {
}
