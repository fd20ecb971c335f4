package io.accessledger.audit.model;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.approval.ManagerApproved;
import io.accessledger.events.approval.StageApproved;
import io.accessledger.events.approval.TaskReminded;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.identity.EmployeeTerminated;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.identity.EmployeeUpdated;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Finding;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.Stage;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.events.review.ReviewScheduled;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Logs built from the event records, as the services publish them: whole grant stories (request, policy, decisions,
 * provisioning, review, end) and joiner, mover and leaver stories. Event ids are name-based, so the same story gives
 * the same ids.
 */
final class AuditStories {
    static final EmployeeId MANAGER = EmployeeId.of("E1001");
    static final EmployeeId OWNER = EmployeeId.of("E1002");
    static final EmployeeId SYSTEM = EmployeeId.of("system");
    static final Conditions MFA_FOR_30_DAYS = new Conditions(Duration.ofDays(30), true, null);

    private AuditStories() {
    }

    static GrantId grantOf(String requestId) {
        return Ids.grantFor(RequestId.of(requestId));
    }

    static EventId id(String name) {
        return EventId.of(Ids.nameBased(name));
    }

    /**
     * A request decided by the manager (with conditions) and the resource owner, provisioned at {@code grantedAt}
     * (reference {@code REF-<requestId>}), scheduled for review; no end.
     */
    static List<DomainEvent> granted(String requestId, String employee, String entitlement, Instant submittedAt,
            Instant grantedAt, RequestSource source) {
        RequestId request = RequestId.of(requestId);
        GrantId grant = grantOf(requestId);
        EmployeeId person = EmployeeId.of(employee);
        Entitlement what = Entitlement.parse(entitlement);
        String target = what.resourceId() + ".example.internal";
        TaskId task = TaskId.of("T-" + requestId);
        List<DomainEvent> log = new ArrayList<>();
        log.add(new RequestSubmitted(id(requestId + ":submitted"), request, null, person, person, what.resourceId(),
                what.level(), "Quarterly pipeline review, \"urgent\", for " + employee, Duration.ofDays(30), null,
                source, false, List.of(), submittedAt));
        log.add(new PolicyEvaluated(id(requestId + ":evaluated"), request, "7", person, what,
                new ResourceSnapshot(what.resourceId(), "CRM", target, OWNER, Sensitivity.MEDIUM, List.of(), false),
                List.of(new Finding("sod-finance", Sensitivity.MEDIUM, "conflicts with ledger:write")),
                Sensitivity.MEDIUM, List.of(Stage.MANAGER, Stage.RESOURCE_OWNER), false, Duration.ofDays(90),
                Duration.ofDays(90), submittedAt.plusSeconds(60)));
        log.add(new ApprovalTaskOpened(id(requestId + ":task"), request, task, Stage.MANAGER, MANAGER, null,
                submittedAt.plus(Duration.ofDays(2)), submittedAt.plusSeconds(120)));
        log.add(new TaskReminded(id(requestId + ":reminded"), request, task, Stage.MANAGER, MANAGER, null,
                submittedAt.plus(Duration.ofDays(2)), submittedAt.plus(Duration.ofHours(20))));
        log.add(new ManagerApproved(id(requestId + ":manager"), request, task, MANAGER, "Needed for Q4 forecasting",
                MFA_FOR_30_DAYS, submittedAt.plus(Duration.ofHours(22))));
        log.add(new StageApproved(id(requestId + ":owner"), request, TaskId.of("T2-" + requestId),
                Stage.RESOURCE_OWNER, OWNER, "Read only is fine", null, null, submittedAt.plus(Duration.ofHours(23))));
        log.add(new AccessApproved(id(requestId + ":approved"), request, person, what, null, MFA_FOR_30_DAYS,
                List.of(MANAGER.value(), OWNER.value()), "7", Duration.ofDays(90),
                submittedAt.plus(Duration.ofHours(23)).plusSeconds(1)));
        log.add(new AccessProvisioned(id(requestId + ":provisioned"), grant, request, person, what, target, "crm",
                "REF-" + requestId, SYSTEM, MFA_FOR_30_DAYS, grantedAt, grantedAt.plus(Duration.ofDays(30)),
                grantedAt.plus(Duration.ofDays(90)), grantedAt.plusSeconds(1)));
        log.add(new ReviewScheduled(id(requestId + ":review"), grant, request, person, what,
                grantedAt.plus(Duration.ofDays(90)), grantedAt.plus(Duration.ofDays(30)), grantedAt.plusSeconds(2)));
        return log;
    }

    /** The grant's revocation asked for (by the owner, for {@code reason}) and carried out at {@code at}. */
    static List<DomainEvent> revoked(String requestId, String employee, String entitlement, RevocationReason reason,
            Instant at) {
        RequestId request = RequestId.of(requestId);
        GrantId grant = grantOf(requestId);
        EmployeeId person = EmployeeId.of(employee);
        Entitlement what = Entitlement.parse(entitlement);
        return List.of(
                new AccessRevocationRequested(id(requestId + ":revocation-requested"), grant, request, person, what,
                        reason, OWNER, "No longer needed", at.minusSeconds(600)),
                new AccessRevoked(id(requestId + ":revoked"), grant, request, person, what,
                        what.resourceId() + ".example.internal", reason, SYSTEM, at));
    }

    static AccessExpired expired(String requestId, String employee, String entitlement, Instant at) {
        Entitlement what = Entitlement.parse(entitlement);
        return new AccessExpired(id(requestId + ":expired"), grantOf(requestId), RequestId.of(requestId),
                EmployeeId.of(employee), what, what.resourceId() + ".example.internal", at, at.plusSeconds(5));
    }

    static EmployeeProfile profile(String employee, String department, String title, EmploymentStatus status) {
        return new EmployeeProfile(EmployeeId.of(employee), "Person " + employee, employee + "@example.com",
                department, title, MANAGER, EmploymentType.EMPLOYEE, status, null, null, true);
    }

    static EmployeeHired hired(String employee, LocalDate effectiveOn, Instant at) {
        return new EmployeeHired(id(employee + ":hired:" + effectiveOn), EmployeeId.of(employee),
                profile(employee, "Sales", "Account Executive", EmploymentStatus.ACTIVE), effectiveOn, "hris", at);
    }

    static EmployeeTransferred transferred(String employee, String from, String to, LocalDate effectiveOn,
            Instant at) {
        return new EmployeeTransferred(id(employee + ":transferred:" + effectiveOn), EmployeeId.of(employee),
                profile(employee, to, "Analyst", EmploymentStatus.ACTIVE), from, "Analyst", MANAGER, effectiveOn,
                "hris", at);
    }

    static EmployeeUpdated renamed(String employee, LocalDate effectiveOn, Instant at) {
        return new EmployeeUpdated(id(employee + ":updated:" + effectiveOn), EmployeeId.of(employee),
                profile(employee, "Sales", "Account Executive", EmploymentStatus.ACTIVE), List.of("name"),
                effectiveOn, "hris", at);
    }

    static EmployeeTerminated terminated(String employee, LocalDate effectiveOn, Instant at) {
        return new EmployeeTerminated(id(employee + ":terminated:" + effectiveOn), EmployeeId.of(employee),
                profile(employee, "Sales", "Account Executive", EmploymentStatus.TERMINATED), effectiveOn, "hris",
                at);
    }
}
