package io.accessledger.events.approval;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import java.time.Instant;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Stage;

/** A review stage (IAM, security, compliance, resource owner) approved, perhaps with conditions or an override. */
public record StageApproved(
        EventId eventId,
        RequestId requestId,
        TaskId taskId,
        Stage stage,
        EmployeeId approverId,
        String reason,
        Conditions conditions,
        String overrideReason,
        Instant occurredAt) implements RequestKeyed {
    @Override
    public EmployeeId actorId() {
        return approverId;
    }
}
