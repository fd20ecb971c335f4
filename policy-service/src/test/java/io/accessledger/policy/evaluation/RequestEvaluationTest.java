package io.accessledger.policy.evaluation;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.ConflictSource;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Finding;
import io.accessledger.events.model.Mitigation;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.Stage;
import io.accessledger.events.policy.ConflictFlagged;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.policy.document.PolicyDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestEvaluationTest {
    private static final RequestId REQUEST = RequestId.of("R-1");
    private static final EmployeeId BENEFICIARY = EmployeeId.of("E2");
    private static final Entitlement REQUESTED = Entitlement.parse("netsuite-ap:approve-payment");
    private static final Instant AT = Instant.parse("2025-05-01T10:00:00Z");
    private static final ResourceSnapshot RESOURCE = new ResourceSnapshot("netsuite-ap", "NetSuite AP", "manual",
            EmployeeId.of("E1010"), Sensitivity.HIGH, List.of("SOX"), false);
    private static final PolicyDocument.SodRule VENDOR_RULE = new PolicyDocument.SodRule("SOD-FIN-001",
            "Vendor creation vs payment approval", Sensitivity.HIGH, List.of(Entitlement.parse("netsuite-ap:create-vendor")),
            List.of(REQUESTED), Mitigation.EXCEPTION_BY_COMPLIANCE);
    private static final PolicyDocument.SodRule JOURNAL_RULE = new PolicyDocument.SodRule("SOD-FIN-009",
            "Journal posting vs payment approval", Sensitivity.CRITICAL,
            List.of(Entitlement.parse("netsuite-gl:post-journal")), List.of(REQUESTED), Mitigation.BLOCK);
    private static final List<Finding> FINDINGS = List.of(
            new Finding("sodConflict", Sensitivity.HIGH, "SOD-FIN-001"),
            new Finding("sodConflict", Sensitivity.CRITICAL, "SOD-FIN-009"));
    /** Not the document default (P3D), so the verdict is seen to carry the evaluation's own value. */
    private static final Duration TASK_DUE_AFTER = Duration.ofDays(1);

    private AggregateTestFixture<RequestEvaluation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(RequestEvaluation.class);
    }

    private static Evaluator.Evaluation evaluation(List<PolicyRules.Conflict> conflicts, List<Finding> findings) {
        return new Evaluator.Evaluation("3", RESOURCE, findings, conflicts, Sensitivity.CRITICAL,
                List.of(Stage.MANAGER, Stage.IAM, Stage.SECURITY, Stage.COMPLIANCE), false, null,
                Duration.ofDays(90), TASK_DUE_AFTER);
    }

    private static PolicyEvaluated evaluated(String causeId, List<Finding> findings) {
        return new PolicyEvaluated(EventId.of(Ids.nameBased(causeId + "/evaluated")), REQUEST, "3", BENEFICIARY,
                REQUESTED, RESOURCE, findings, Sensitivity.CRITICAL,
                List.of(Stage.MANAGER, Stage.IAM, Stage.SECURITY, Stage.COMPLIANCE), false, null, Duration.ofDays(90),
                TASK_DUE_AFTER, AT);
    }

    private static List<PolicyRules.Conflict> twoConflicts() {
        return List.of(
                new PolicyRules.Conflict(VENDOR_RULE, Entitlement.parse("netsuite-ap:create-vendor"),
                        ConflictSource.HELD),
                new PolicyRules.Conflict(JOURNAL_RULE, Entitlement.parse("netsuite-gl:post-journal"),
                        ConflictSource.PENDING));
    }

    @Test
    void twoConflictsOnARevisedRequestAreFlaggedBeforeTheVerdictWithIdsDerivedFromTheCause() {
        fixture.given(evaluated("cause-1", List.of()))
                .when(new RequestEvaluation.RecordEvaluation(REQUEST, BENEFICIARY, REQUESTED,
                        evaluation(twoConflicts(), FINDINGS), "cause-42", AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new ConflictFlagged(EventId.of(Ids.nameBased("cause-42/conflict/0")), REQUEST, "3",
                                "SOD-FIN-001", "Vendor creation vs payment approval", Sensitivity.HIGH, REQUESTED,
                                Entitlement.parse("netsuite-ap:create-vendor"), ConflictSource.HELD,
                                Mitigation.EXCEPTION_BY_COMPLIANCE, AT),
                        new ConflictFlagged(EventId.of(Ids.nameBased("cause-42/conflict/1")), REQUEST, "3",
                                "SOD-FIN-009", "Journal posting vs payment approval", Sensitivity.CRITICAL, REQUESTED,
                                Entitlement.parse("netsuite-gl:post-journal"), ConflictSource.PENDING,
                                Mitigation.BLOCK, AT),
                        evaluated("cause-42", FINDINGS));
    }

    @Test
    void twoConflictsAreFlaggedBeforeTheVerdictWithIdsDerivedFromTheCause() {
        List<PolicyRules.Conflict> conflicts = List.of(
                new PolicyRules.Conflict(VENDOR_RULE, Entitlement.parse("netsuite-ap:create-vendor"),
                        ConflictSource.HELD),
                new PolicyRules.Conflict(JOURNAL_RULE, Entitlement.parse("netsuite-gl:post-journal"),
                        ConflictSource.PENDING));
        fixture.givenNoPriorActivity()
                .when(new RequestEvaluation.RecordEvaluation(REQUEST, BENEFICIARY, REQUESTED,
                        evaluation(conflicts, FINDINGS), "cause-42", AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new ConflictFlagged(EventId.of(Ids.nameBased("cause-42/conflict/0")), REQUEST, "3",
                                "SOD-FIN-001", "Vendor creation vs payment approval", Sensitivity.HIGH, REQUESTED,
                                Entitlement.parse("netsuite-ap:create-vendor"), ConflictSource.HELD,
                                Mitigation.EXCEPTION_BY_COMPLIANCE, AT),
                        new ConflictFlagged(EventId.of(Ids.nameBased("cause-42/conflict/1")), REQUEST, "3",
                                "SOD-FIN-009", "Journal posting vs payment approval", Sensitivity.CRITICAL, REQUESTED,
                                Entitlement.parse("netsuite-gl:post-journal"), ConflictSource.PENDING,
                                Mitigation.BLOCK, AT),
                        evaluated("cause-42", FINDINGS));
    }

    @Test
    void withoutConflictsOnlyTheVerdictIsRecorded() {
        fixture.givenNoPriorActivity()
                .when(new RequestEvaluation.RecordEvaluation(REQUEST, BENEFICIARY, REQUESTED,
                        evaluation(List.of(), List.of()), "cause-1", AT))
                .expectEvents(evaluated("cause-1", List.of()));
    }

    @Test
    void aRevisionIsEvaluatedAgainUnderTheIdsOfItsOwnCause() {
        fixture.given(evaluated("cause-1", List.of()))
                .when(new RequestEvaluation.RecordEvaluation(REQUEST, BENEFICIARY, REQUESTED,
                        evaluation(List.of(), List.of()), "cause-2", AT))
                .expectEvents(evaluated("cause-2", List.of()));
    }
}
