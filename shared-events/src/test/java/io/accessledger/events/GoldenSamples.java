package io.accessledger.events;

import io.accessledger.events.approval.*;
import io.accessledger.events.identity.*;
import io.accessledger.events.ids.*;
import io.accessledger.events.integrity.AuditCheckpoint;
import io.accessledger.events.integrity.AuditKeys;
import io.accessledger.events.model.*;
import io.accessledger.events.policy.*;
import io.accessledger.events.provisioning.*;
import io.accessledger.events.request.*;
import io.accessledger.events.review.*;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** One fully populated instance of every catalog type: what the golden JSON files pin. */
final class GoldenSamples {
    static final Instant AT = Instant.parse("2026-11-02T09:15:30Z");
    static final RequestId REQUEST = RequestId.of("R-7f3c9a2e");
    static final GrantId GRANT = Ids.grantFor(REQUEST);
    /** Another grant of the same person and entitlement, which still needed the membership a revocation kept. */
    static final GrantId KEPT_FOR = Ids.grantFor(RequestId.of("R-9a41d6b0"));
    static final EmployeeId ALICE = EmployeeId.of("E1001");
    static final EmployeeId MANAGER = EmployeeId.of("E1002");
    static final EmployeeId IAM = EmployeeId.of("E1040");
    static final TaskId TASK = TaskId.of("T-5b1d0c44");
    static final String CAMPAIGN = "C-2026-q4-sox";
    static final String ITEM = "RI-6f1e2d3c";
    static final String RECONCILIATION = "RC-3e8a1f20";
    static final String FINDING = "UF-8d2b6c4e";
    static final Instant DUE = Instant.parse("2026-12-01T09:15:30Z");
    static final Entitlement SALESFORCE_EDIT = Entitlement.parse("salesforce:edit");
    static final Conditions THIRTY_DAYS_MFA = new Conditions(Duration.ofDays(30), true, false);
    static final EmployeeProfile PROFILE = new EmployeeProfile(ALICE, "Alice Moreau", "alice.moreau@example.com",
            "Sales", "Account Executive", MANAGER, EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE,
            LocalDate.parse("2026-03-01"), BackgroundCheck.COMPLETE, true);
    static final ResourceSnapshot SALESFORCE = new ResourceSnapshot("salesforce", "Salesforce CRM", "okta-scim",
            EmployeeId.of("E1004"), Sensitivity.MEDIUM, List.of("SOC2"), false);

    /** A fixed Ed25519 key pair for samples and tests only (Ed25519 signatures are deterministic). */
    static final String TEST_SIGNING_KEY = "MC4CAQAwBQYDK2VwBCIEID8GoOZjCA/GTAHUiAMHSpuxyn1CagjWxo715o5kbkri";
    static final String TEST_PUBLIC_KEY = "MCowBQYDK2VwAyEADn0CZHRH32YcA08ZVDcQczlWGWrFVW4U/7xKQOFxdDQ=";

    private GoldenSamples() {
    }

    static List<DomainEvent> all() {
        return List.of(
                new RequestSubmitted(id(1), REQUEST, "B-2c51", ALICE, ALICE, "salesforce", "edit",
                        "Taking over the ACME account from Bob; need to edit opportunities.", Duration.ofDays(90),
                        "RITM0010001", RequestSource.PORTAL, false, List.of(SALESFORCE_EDIT), AT),
                new RequestRevised(id(2), REQUEST, ALICE, "Taking over ACME and Globex accounts from Bob.", "read",
                        Duration.ofDays(30), AT),
                new RequestWithdrawn(id(3), REQUEST, ALICE,
                        WithdrawalReason.byRequester("No longer needed: the account moved to Carol."), AT),
                new EmployeeHired(id(4), ALICE, PROFILE, LocalDate.parse("2026-11-09"), "bamboohr", AT),
                new EmployeeUpdated(id(5), ALICE, PROFILE, List.of("mfaEnrolled"), LocalDate.parse("2026-11-02"),
                        "directory-import", AT),
                new EmployeeTransferred(id(6), ALICE, PROFILE, "Marketing", "Campaign Manager",
                        EmployeeId.of("E1003"), LocalDate.parse("2026-12-01"), "workday", AT),
                new EmployeeTerminated(id(7), ALICE, PROFILE, LocalDate.parse("2026-12-31"), "workday", AT),
                new PolicyPublished(id(8), "3", EmployeeId.of("E1050"),
                        List.of("resource added: salesforce", "sodRule changed: SOD-FIN-001"),
                        "{\"resources\":[]}", AT),
                new PolicyEvaluated(id(9), REQUEST, "3", ALICE, SALESFORCE_EDIT, SALESFORCE,
                        List.of(new Finding("exceedsStandardProfile", Sensitivity.MEDIUM,
                                "salesforce:edit is not in the profile of Sales / Account Executive")),
                        Sensitivity.MEDIUM, List.of(Stage.MANAGER, Stage.IAM), false, Duration.ofDays(365),
                        Duration.ofDays(180), Duration.ofDays(3), AT),
                new ConflictFlagged(id(10), REQUEST, "3", "SOD-FIN-001", "Vendor creation vs payment approval",
                        Sensitivity.HIGH, Entitlement.parse("netsuite-ap:approve-payment"),
                        Entitlement.parse("netsuite-ap:create-vendor"), ConflictSource.HELD,
                        Mitigation.EXCEPTION_BY_COMPLIANCE, AT),
                new ApprovalTaskOpened(id(11), REQUEST, TASK, Stage.MANAGER, MANAGER, null,
                        Instant.parse("2026-11-05T09:15:30Z"), AT),
                new ManagerApproved(id(12), REQUEST, TASK, MANAGER, "Alice owns ACME from Monday.",
                        THIRTY_DAYS_MFA, AT),
                new ManagerRejected(id(13), REQUEST, TASK, MANAGER, "Read access is enough for her role.", AT),
                new RevisionRequested(id(14), REQUEST, TASK, Stage.IAM, IAM, "Ask for read; edit needs a project.", AT),
                new StageApproved(id(15), REQUEST, TaskId.of("T-77aa"), Stage.SECURITY, EmployeeId.of("E1060"),
                        "Training booked for next week.", THIRTY_DAYS_MFA, "Training renewal booked 2026-11-10", AT),
                new AccessApproved(id(16), REQUEST, ALICE, SALESFORCE_EDIT, SALESFORCE, THIRTY_DAYS_MFA,
                        List.of("E1002", "E1060"), "3", Duration.ofDays(180), AT),
                new AccessDenied(id(17), REQUEST, Stage.IAM, IAM, "Conflicts with vendor creation she holds.", AT),
                new TaskDelegated(id(25), REQUEST, TASK, Stage.MANAGER, MANAGER, EmployeeId.of("E1003"),
                        "On leave until 2026-11-20; Carla covers my approvals.", AT),
                new TaskReminded(id(26), REQUEST, TASK, Stage.MANAGER, MANAGER, null,
                        Instant.parse("2026-11-05T09:15:30Z"), AT),
                new TaskEscalated(id(27), REQUEST, TASK, Stage.MANAGER, MANAGER, null, EmployeeId.of("E1003"), null,
                        1, Instant.parse("2026-11-08T09:15:30Z"), AT),
                new FulfilmentTaskOpened(id(18), GRANT, REQUEST, TaskId.of("FT-3e2f"), ALICE, SALESFORCE_EDIT,
                        "manual", "GRANT", EmployeeId.of("E1004"), "IAM", AT),
                new AccessProvisioned(id(19), GRANT, REQUEST, ALICE, SALESFORCE_EDIT, "manual", "manual",
                        "CHG0031337", IAM, THIRTY_DAYS_MFA, AT, Instant.parse("2026-12-02T09:15:30Z"),
                        Instant.parse("2027-05-01T09:15:30Z"), AT),
                new ProvisioningFailed(id(20), GRANT, REQUEST, ALICE, SALESFORCE_EDIT, "okta-scim", 6,
                        "503 Service Unavailable from https://scim.example.com/scim/v2/Groups/42", AT),
                new ProvisioningRetried(id(28), GRANT, REQUEST, ALICE, SALESFORCE_EDIT, "okta-scim", IAM,
                        "The SCIM endpoint's certificate was renewed", AT),
                new AccessRevoked(id(21), GRANT, REQUEST, ALICE, SALESFORCE_EDIT, "okta-scim",
                        RevocationReason.LEAVER, null, AT, KEPT_FOR),
                new AccessExpired(id(22), GRANT, REQUEST, ALICE, SALESFORCE_EDIT, "okta-scim",
                        Instant.parse("2026-12-02T09:15:30Z"), AT, KEPT_FOR),
                new ReviewScheduled(id(23), GRANT, REQUEST, ALICE, SALESFORCE_EDIT,
                        Instant.parse("2027-05-01T09:15:30Z"), Instant.parse("2026-12-02T09:15:30Z"), AT),
                new AccessRevocationRequested(id(24), GRANT, REQUEST, ALICE, SALESFORCE_EDIT,
                        RevocationReason.REVIEW, MANAGER, "Campaign Q4-2026: no longer on the account.", AT),
                new ReviewCampaignStarted(id(30), CAMPAIGN, "Q4-2026 SOX access review",
                        new ReviewScope(List.of("salesforce"), List.of("HIGH", "CRITICAL"), List.of("SOX"), "Sales",
                                true, Instant.parse("2026-12-31T00:00:00Z")),
                        ReviewerKind.MANAGER, null, DUE, List.of(Duration.ofDays(7), Duration.ofDays(1)),
                        NonResponsePolicy.ESCALATE, Duration.ofDays(7), EmployeeId.of("E1050"), AT),
                new AccessReviewRequested(id(31), ITEM, CAMPAIGN, GRANT, REQUEST, ALICE, SALESFORCE_EDIT, MANAGER,
                        null, DUE, true, AT),
                new AccessCertified(id(32), ITEM, CAMPAIGN, GRANT, REQUEST, ALICE, SALESFORCE_EDIT, MANAGER,
                        "Still owns the ACME account.", AT),
                new AccessReviewRejected(id(33), ITEM, CAMPAIGN, GRANT, REQUEST, ALICE, SALESFORCE_EDIT, MANAGER,
                        "No longer on the account.", AT),
                new AccessReviewUnanswered(id(34), ITEM, CAMPAIGN, GRANT, REQUEST, ALICE, SALESFORCE_EDIT,
                        EmployeeId.of("E1003"), NonResponsePolicy.REVOKE, AT),
                new ReviewReminderSent(id(35), ITEM, CAMPAIGN, GRANT, REQUEST, ALICE, SALESFORCE_EDIT, MANAGER, null, 1,
                        DUE, AT),
                new ReviewEscalated(id(36), ITEM, CAMPAIGN, GRANT, REQUEST, ALICE, SALESFORCE_EDIT, MANAGER,
                        EmployeeId.of("E1003"), Instant.parse("2026-12-08T09:15:30Z"), AT),
                new ReviewDelegated(id(37), ITEM, CAMPAIGN, GRANT, REQUEST, ALICE, SALESFORCE_EDIT, MANAGER,
                        EmployeeId.of("E1003"), "On leave until 2026-11-20.", AT),
                new ReviewCampaignClosed(id(38), CAMPAIGN, 1200, 1100, 60, 25, 15, AT),
                new OrphanedAccessDetected(id(39), GRANT, REQUEST, ALICE, SALESFORCE_EDIT, "TERMINATED", AT),
                new ReconciliationStarted(id(40), RECONCILIATION, "okta-scim", ReconciliationTrigger.ON_DEMAND, IAM,
                        List.of(SALESFORCE_EDIT), AT),
                new UngovernedAccessDetected(id(41), FINDING, RECONCILIATION, "okta-scim", SALESFORCE_EDIT,
                        "Salesforce Editors", "2819c223-7f76-453a-919d-413861904646", "mallory@example.com",
                        EmployeeId.of("E1099"), UngovernedHandling.REVIEW, AT),
                new UngovernedAccessRemoved(id(42), FINDING, "okta-scim", SALESFORCE_EDIT, "Salesforce Editors",
                        "2819c223-7f76-453a-919d-413861904646", "mallory@example.com", UngovernedHandling.REVIEW,
                        EmployeeId.of("E1004"), AT),
                new AccessDriftDetected(id(43), RECONCILIATION, GRANT, REQUEST, ALICE, SALESFORCE_EDIT, "okta-scim",
                        "Salesforce Editors", AT),
                new ReconciliationCompleted(id(44), RECONCILIATION, "okta-scim", ReconciliationOutcome.COMPLETED,
                        412, 410, 3, 1, null, AT),
                new UngovernedAccessReviewRequested(id(45), ITEM, "C-reconciliation-okta-scim", FINDING,
                        "okta-scim", SALESFORCE_EDIT, "Salesforce Editors", "2819c223-7f76-453a-919d-413861904646",
                        "mallory@example.com", EmployeeId.of("E1099"), EmployeeId.of("E1004"), DUE, AT),
                new UngovernedAccessReviewReminderSent(id(48), ITEM, "C-reconciliation-okta-scim", FINDING,
                        "okta-scim", SALESFORCE_EDIT, "Salesforce Editors", "2819c223-7f76-453a-919d-413861904646",
                        "mallory@example.com", EmployeeId.of("E1004"), 1, DUE, AT),
                new UngovernedAccessAccepted(id(46), ITEM, FINDING, "okta-scim", SALESFORCE_EDIT,
                        "2819c223-7f76-453a-919d-413861904646", EmployeeId.of("E1004"),
                        "Break-glass account of the Sales operations team, documented in OPS-112.", AT),
                new UngovernedAccessRemovalRequested(id(47), ITEM, FINDING, "okta-scim", SALESFORCE_EDIT,
                        "Salesforce Editors", "2819c223-7f76-453a-919d-413861904646", EmployeeId.of("E1004"),
                        "Nobody asked for this; contractor left in October.", AT),
                new ServiceNowItemUpdated(id(25), REQUEST, "aeed229047801200e0ef563dbb9a71c2", "RITM0010001", "4",
                        "AccessLedger: denied by E1040 — Conflicts with vendor creation she holds. (request R-7f3c9a2e)",
                        WriteBackOutcome.FAILED, 4,
                        "HTTP 503: {\"error\":{\"message\":\"Instance unavailable\"},\"status\":\"failure\"}",
                        id(17), AT),
                AuditCheckpoint.signed(id(29), AT, "request-service", "accessledger.request.events.v1", 1234,
                        "5b1c1d7c6f0e2d3a4b5c6d7e8f9081726354453627180918a7b6c5d4e3f2a1b0",
                        AuditKeys.decodePrivate(TEST_SIGNING_KEY), AuditKeys.decodePublic(TEST_PUBLIC_KEY)));
    }

    private static EventId id(int n) {
        return EventId.of(String.format("00000000-0000-4000-8000-%012d", n));
    }
}
