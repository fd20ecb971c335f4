package io.accessledger.events;

import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.approval.ManagerApproved;
import io.accessledger.events.approval.ManagerRejected;
import io.accessledger.events.approval.RevisionRequested;
import io.accessledger.events.approval.StageApproved;
import io.accessledger.events.approval.TaskDelegated;
import io.accessledger.events.approval.TaskEscalated;
import io.accessledger.events.approval.TaskReminded;
import io.accessledger.events.codec.EventUpcaster;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.identity.EmployeeTerminated;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.integrity.AuditCheckpoint;
import io.accessledger.events.identity.EmployeeUpdated;
import io.accessledger.events.policy.ConflictFlagged;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.events.provisioning.AccessDriftDetected;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.FulfilmentTaskOpened;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.events.provisioning.ProvisioningRetried;
import io.accessledger.events.provisioning.ReconciliationCompleted;
import io.accessledger.events.provisioning.ReconciliationStarted;
import io.accessledger.events.provisioning.UngovernedAccessDetected;
import io.accessledger.events.provisioning.UngovernedAccessRemoved;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.events.request.RequestWithdrawnV1Upcaster;
import io.accessledger.events.request.ServiceNowItemUpdated;
import io.accessledger.events.review.AccessCertified;
import io.accessledger.events.review.AccessReviewRejected;
import io.accessledger.events.review.AccessReviewRequested;
import io.accessledger.events.review.AccessReviewUnanswered;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.events.review.OrphanedAccessDetected;
import io.accessledger.events.review.ReviewCampaignClosed;
import io.accessledger.events.review.ReviewCampaignStarted;
import io.accessledger.events.review.ReviewDelegated;
import io.accessledger.events.review.ReviewEscalated;
import io.accessledger.events.review.ReviewReminderSent;
import io.accessledger.events.review.ReviewScheduled;
import io.accessledger.events.review.UngovernedAccessAccepted;
import io.accessledger.events.review.UngovernedAccessRemovalRequested;
import io.accessledger.events.review.UngovernedAccessReviewReminderSent;
import io.accessledger.events.review.UngovernedAccessReviewRequested;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public event catalog. The {@code ce_type} strings are the contract: renaming a Java record changes nothing
 * on the wire; a breaking change to a payload is a new {@code .v2} type plus an upcaster.
 */
public final class EventCatalog {
    private static final List<EventType> TYPES = List.of(
            type("RequestSubmitted", "accessledger.request.submitted.v1", Topic.REQUEST, RequestSubmitted.class),
            type("RequestRevised", "accessledger.request.revised.v1", Topic.REQUEST, RequestRevised.class),
            type("RequestWithdrawn", "accessledger.request.withdrawn.v2", Topic.REQUEST, RequestWithdrawn.class),
            type("ServiceNowItemUpdated", "accessledger.request.servicenow-item-updated.v1", Topic.REQUEST,
                    ServiceNowItemUpdated.class),
            type("EmployeeHired", "accessledger.identity.employee-hired.v1", Topic.IDENTITY, EmployeeHired.class),
            type("EmployeeUpdated", "accessledger.identity.employee-updated.v1", Topic.IDENTITY, EmployeeUpdated.class),
            type("EmployeeTransferred", "accessledger.identity.employee-transferred.v1", Topic.IDENTITY,
                    EmployeeTransferred.class),
            type("EmployeeTerminated", "accessledger.identity.employee-terminated.v1", Topic.IDENTITY,
                    EmployeeTerminated.class),
            type("PolicyPublished", "accessledger.policy.published.v1", Topic.POLICY, PolicyPublished.class),
            type("PolicyEvaluated", "accessledger.policy.evaluated.v1", Topic.POLICY, PolicyEvaluated.class),
            type("ConflictFlagged", "accessledger.policy.conflict-flagged.v1", Topic.POLICY, ConflictFlagged.class),
            type("ApprovalTaskOpened", "accessledger.approval.task-opened.v1", Topic.APPROVAL,
                    ApprovalTaskOpened.class),
            type("ManagerApproved", "accessledger.approval.manager-approved.v1", Topic.APPROVAL,
                    ManagerApproved.class),
            type("ManagerRejected", "accessledger.approval.manager-rejected.v1", Topic.APPROVAL,
                    ManagerRejected.class),
            type("RevisionRequested", "accessledger.approval.revision-requested.v1", Topic.APPROVAL,
                    RevisionRequested.class),
            type("StageApproved", "accessledger.approval.stage-approved.v1", Topic.APPROVAL, StageApproved.class),
            type("AccessApproved", "accessledger.approval.access-approved.v1", Topic.APPROVAL, AccessApproved.class),
            type("AccessDenied", "accessledger.approval.access-denied.v1", Topic.APPROVAL, AccessDenied.class),
            type("TaskDelegated", "accessledger.approval.task-delegated.v1", Topic.APPROVAL, TaskDelegated.class),
            type("TaskReminded", "accessledger.approval.task-reminded.v1", Topic.APPROVAL, TaskReminded.class),
            type("TaskEscalated", "accessledger.approval.task-escalated.v1", Topic.APPROVAL, TaskEscalated.class),
            type("FulfilmentTaskOpened", "accessledger.provisioning.fulfilment-task-opened.v1", Topic.PROVISIONING,
                    FulfilmentTaskOpened.class),
            type("AccessProvisioned", "accessledger.provisioning.access-provisioned.v1", Topic.PROVISIONING,
                    AccessProvisioned.class),
            type("ProvisioningFailed", "accessledger.provisioning.provisioning-failed.v1", Topic.PROVISIONING,
                    ProvisioningFailed.class),
            type("ProvisioningRetried", "accessledger.provisioning.provisioning-retried.v1", Topic.PROVISIONING,
                    ProvisioningRetried.class),
            type("AccessRevoked", "accessledger.provisioning.access-revoked.v1", Topic.PROVISIONING,
                    AccessRevoked.class),
            type("AccessExpired", "accessledger.provisioning.access-expired.v1", Topic.PROVISIONING,
                    AccessExpired.class),
            type("ReconciliationStarted", "accessledger.provisioning.reconciliation-started.v1", Topic.PROVISIONING,
                    ReconciliationStarted.class),
            type("UngovernedAccessDetected", "accessledger.provisioning.ungoverned-access-detected.v1",
                    Topic.PROVISIONING, UngovernedAccessDetected.class),
            type("UngovernedAccessRemoved", "accessledger.provisioning.ungoverned-access-removed.v1",
                    Topic.PROVISIONING, UngovernedAccessRemoved.class),
            type("AccessDriftDetected", "accessledger.provisioning.access-drift-detected.v1", Topic.PROVISIONING,
                    AccessDriftDetected.class),
            type("ReconciliationCompleted", "accessledger.provisioning.reconciliation-completed.v1",
                    Topic.PROVISIONING, ReconciliationCompleted.class),
            type("ReviewScheduled", "accessledger.review.review-scheduled.v1", Topic.REVIEW, ReviewScheduled.class),
            type("AccessRevocationRequested", "accessledger.review.revocation-requested.v1", Topic.REVIEW,
                    AccessRevocationRequested.class),
            type("ReviewCampaignStarted", "accessledger.review.campaign-started.v1", Topic.REVIEW,
                    ReviewCampaignStarted.class),
            type("AccessReviewRequested", "accessledger.review.access-review-requested.v1", Topic.REVIEW,
                    AccessReviewRequested.class),
            type("AccessCertified", "accessledger.review.access-certified.v1", Topic.REVIEW, AccessCertified.class),
            type("AccessReviewRejected", "accessledger.review.access-review-rejected.v1", Topic.REVIEW,
                    AccessReviewRejected.class),
            type("AccessReviewUnanswered", "accessledger.review.access-review-unanswered.v1", Topic.REVIEW,
                    AccessReviewUnanswered.class),
            type("ReviewReminderSent", "accessledger.review.reminder-sent.v1", Topic.REVIEW,
                    ReviewReminderSent.class),
            type("ReviewEscalated", "accessledger.review.escalated.v1", Topic.REVIEW, ReviewEscalated.class),
            type("ReviewDelegated", "accessledger.review.delegated.v1", Topic.REVIEW, ReviewDelegated.class),
            type("ReviewCampaignClosed", "accessledger.review.campaign-closed.v1", Topic.REVIEW,
                    ReviewCampaignClosed.class),
            type("OrphanedAccessDetected", "accessledger.review.orphaned-access-detected.v1", Topic.REVIEW,
                    OrphanedAccessDetected.class),
            type("UngovernedAccessReviewRequested", "accessledger.review.ungoverned-access-review-requested.v1",
                    Topic.REVIEW, UngovernedAccessReviewRequested.class),
            type("UngovernedAccessReviewReminderSent",
                    "accessledger.review.ungoverned-access-review-reminder-sent.v1", Topic.REVIEW,
                    UngovernedAccessReviewReminderSent.class),
            type("UngovernedAccessAccepted", "accessledger.review.ungoverned-access-accepted.v1", Topic.REVIEW,
                    UngovernedAccessAccepted.class),
            type("UngovernedAccessRemovalRequested", "accessledger.review.ungoverned-access-removal-requested.v1",
                    Topic.REVIEW, UngovernedAccessRemovalRequested.class),
            type("AuditCheckpoint", "accessledger.audit.checkpoint.v1", Topic.AUDIT,
                    AuditCheckpoint.class));

    /**
     * The upcasters of every older {@code ce_type} still read: each turns one version's JSON into the next. Every
     * {@link io.accessledger.events.codec.EventCodec} built without a list uses them, so every consumer of every
     * service reads the old versions a log may still hold.
     */
    private static final List<EventUpcaster> UPCASTERS = List.of(new RequestWithdrawnV1Upcaster());

    private static final Map<String, EventType> BY_CE_TYPE = new LinkedHashMap<>();
    private static final Map<Class<?>, EventType> BY_CLASS = new LinkedHashMap<>();

    static {
        for (EventType type : TYPES) {
            if (BY_CE_TYPE.put(type.ceType(), type) != null || BY_CLASS.put(type.javaType(), type) != null) {
                throw new IllegalStateException("duplicate catalog entry " + type);
            }
        }
    }

    private EventCatalog() {
    }

    private static EventType type(String name, String ceType, Topic topic, Class<? extends DomainEvent> javaType) {
        return new EventType(name, ceType, topic, javaType);
    }

    public static List<EventType> all() {
        return TYPES;
    }

    public static List<EventUpcaster> upcasters() {
        return UPCASTERS;
    }

    public static Optional<EventType> byCeType(String ceType) {
        return Optional.ofNullable(BY_CE_TYPE.get(ceType));
    }

    /** The catalog entry of an event; every public event is in the catalog, so this never fails for one. */
    public static EventType of(DomainEvent event) {
        return ofClass(event.getClass())
                .orElseThrow(() -> new IllegalArgumentException(event.getClass().getName() + " is not in the catalog"));
    }

    public static Optional<EventType> ofClass(Class<?> javaType) {
        return Optional.ofNullable(BY_CLASS.get(javaType));
    }
}
