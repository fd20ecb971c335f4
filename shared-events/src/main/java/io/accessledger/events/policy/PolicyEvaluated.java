package io.accessledger.events.policy;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import java.time.Instant;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Finding;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.Stage;
import java.time.Duration;
import java.util.List;

/** The policy's verdict on a request: findings, risk, the stages it must pass, and whether it may be auto-approved. */
public record PolicyEvaluated(
        EventId eventId,
        RequestId requestId,
        String policyVersion,
        EmployeeId beneficiaryId,
        Entitlement entitlement,
        ResourceSnapshot resource,
        List<Finding> findings,
        Sensitivity riskLevel,
        List<Stage> requiredStages,
        boolean autoApprovable,
        Duration maxDuration,
        Duration reviewCadence,
        Instant occurredAt) implements RequestKeyed {
}
