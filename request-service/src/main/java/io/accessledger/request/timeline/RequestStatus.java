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
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The status a request has after an event, by the event's own time; equal times are ordered by the rank (later
 * stages win), so a replay in any order of topics gives the same status. One exception to "the latest event wins":
 * a withdrawal or a denial ({@link #ENDED_UNDECIDED}) ends an {@link #UNDECIDED} request whatever the times, and
 * nothing undecided follows it — the policy's evaluation or an approval
 * task of a request withdrawn a moment before can still happen after it (the other services learn of the withdrawal
 * through the log), and they must not show the request as in review again.
 */
public enum RequestStatus {
    SUBMITTED, IN_REVIEW, RETURNED, APPROVED, PROVISIONED, DENIED, WITHDRAWN, FAILED, REVOKED, EXPIRED;

    public int rank() {
        return ordinal();
    }

    /** Statuses of a request not decided yet. */
    public static final Set<RequestStatus> UNDECIDED = EnumSet.of(SUBMITTED, IN_REVIEW, RETURNED);
    /** Ends of a request that was never granted: nothing undecided follows them. */
    public static final Set<RequestStatus> ENDED_UNDECIDED = EnumSet.of(WITHDRAWN, DENIED);

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
