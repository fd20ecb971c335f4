package io.accessledger.request.timeline;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.approval.RevisionRequested;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.events.provisioning.ProvisioningRetried;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import java.util.Optional;

/**
 * The status a request has after an event, by the event's own time; equal times are ordered by the rank (later
 * stages win), so a replay in any order of topics gives the same status.
 */
public enum RequestStatus {
    SUBMITTED, IN_REVIEW, RETURNED, APPROVED, PROVISIONED, DENIED, WITHDRAWN, FAILED, REVOKED, EXPIRED;

    public int rank() {
        return ordinal();
    }

    public static Optional<RequestStatus> after(DomainEvent event) {
        RequestStatus status = null;
        if (event instanceof RequestSubmitted) {
            status = SUBMITTED;
        } else if (event instanceof PolicyEvaluated || event instanceof ApprovalTaskOpened
                || event instanceof RequestRevised) {
            status = IN_REVIEW;
        } else if (event instanceof RevisionRequested) {
            status = RETURNED;
        } else if (event instanceof AccessApproved || event instanceof ProvisioningRetried) {
            status = APPROVED;
        } else if (event instanceof AccessProvisioned) {
            status = PROVISIONED;
        } else if (event instanceof AccessDenied) {
            status = DENIED;
        } else if (event instanceof RequestWithdrawn) {
            status = WITHDRAWN;
        } else if (event instanceof ProvisioningFailed) {
            status = FAILED;
        } else if (event instanceof AccessRevoked) {
            status = REVOKED;
        } else if (event instanceof AccessExpired) {
            status = EXPIRED;
        }
        return Optional.ofNullable(status);
    }
}
