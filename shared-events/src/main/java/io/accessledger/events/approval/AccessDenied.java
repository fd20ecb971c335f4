package io.accessledger.events.approval;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import java.time.Instant;
import io.accessledger.events.model.Stage;

/** The request is denied, at a stage, by a person or by the policy, with a reason. */
public record AccessDenied(
        EventId eventId,
        RequestId requestId,
        Stage stage,
        EmployeeId deniedBy,
        String reason,
        Instant occurredAt) implements RequestKeyed {
    @Override
    public EmployeeId actorId() {
        return deniedBy;
    }
}
