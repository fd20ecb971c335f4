package io.accessledger.events.approval;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import java.time.Instant;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.ResourceSnapshot;
import java.time.Duration;
import java.util.List;

/** The request is approved: every required stage approved, or the policy auto-approved it. */
public record AccessApproved(
        EventId eventId,
        RequestId requestId,
        EmployeeId beneficiaryId,
        Entitlement entitlement,
        ResourceSnapshot resource,
        Conditions conditions,
        List<String> approvedBy,
        String policyVersion,
        Duration reviewCadence,
        Instant occurredAt) implements RequestKeyed {
}
