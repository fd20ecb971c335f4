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
import io.accessledger.events.policy.document.PolicyDocument;
import java.time.Duration;
import java.util.List;

/**
 * The policy's verdict on a request: findings, risk, the stages it must pass, and whether it may be auto-approved;
 * with the policy version's settings its consumers apply ({@code reviewCadence} for the grant, {@code taskDueAfter}
 * for each approval task), resolved by policy-service so no consumer keeps a default of its own.
 */
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
        Duration taskDueAfter,
        Instant occurredAt) implements RequestKeyed {

    /**
     * An event written before these settings travelled ({@code taskDueAfter} absent, in an old log or an approval
     * case's own history) reads with the values the policy applied then: the document's defaults.
     */
    public PolicyEvaluated {
        reviewCadence = reviewCadence == null ? PolicyDocument.DEFAULT_REVIEW_CADENCE : reviewCadence;
        taskDueAfter = taskDueAfter == null ? PolicyDocument.DEFAULT_TASK_DUE_AFTER : taskDueAfter;
    }

    /** Without {@code taskDueAfter}: the document's default. */
    public PolicyEvaluated(EventId eventId, RequestId requestId, String policyVersion, EmployeeId beneficiaryId,
            Entitlement entitlement, ResourceSnapshot resource, List<Finding> findings, Sensitivity riskLevel,
            List<Stage> requiredStages, boolean autoApprovable, Duration maxDuration, Duration reviewCadence,
            Instant occurredAt) {
        this(eventId, requestId, policyVersion, beneficiaryId, entitlement, resource, findings, riskLevel,
                requiredStages, autoApprovable, maxDuration, reviewCadence, null, occurredAt);
    }
}
