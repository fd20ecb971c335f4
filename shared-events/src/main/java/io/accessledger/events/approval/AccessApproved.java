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
import io.accessledger.events.policy.document.PolicyDocument;
import java.util.List;

/**
 * The request is approved: every required stage approved, or the policy auto-approved it. {@code reviewCadence} is
 * the one the policy version resolved ({@code PolicyEvaluated.reviewCadence}), so provisioning keeps no default.
 */
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

    /** An event without a cadence (written before it always travelled) reads with the policy's default year. */
    public AccessApproved {
        reviewCadence = reviewCadence == null ? PolicyDocument.DEFAULT_REVIEW_CADENCE : reviewCadence;
    }
}
