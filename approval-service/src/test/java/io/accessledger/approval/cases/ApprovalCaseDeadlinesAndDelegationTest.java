package io.accessledger.approval.cases;

import static org.axonframework.test.matchers.Matchers.predicate;

import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.approval.ManagerApproved;
import io.accessledger.events.approval.StageApproved;
import io.accessledger.events.approval.TaskDelegated;
import io.accessledger.events.approval.TaskEscalated;
import io.accessledger.events.approval.TaskReminded;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Finding;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.Stage;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.spine.commands.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delegation, the prerequisite override at SECURITY, reminders, escalation and the final policy. */
class ApprovalCaseDeadlinesAndDelegationTest {
    private static final RequestId REQUEST = RequestId.of("R-9");
    private static final EmployeeId REQUESTER = EmployeeId.of("E10");
    private static final EmployeeId MANAGER = EmployeeId.of("E30");
    private static final EmployeeId DIRECTOR = EmployeeId.of("E40");
    private static final EmployeeId COLLEAGUE = EmployeeId.of("E35");
    private static final EmployeeId SECURITY_ANALYST = EmployeeId.of("E70");
    private static final Set<String> SECURITY = Set.of("SECURITY");
    private static final List<EmployeeId> CHAIN = List.of(MANAGER, DIRECTOR);
    private static final Entitlement JENKINS_ADMIN = Entitlement.parse("ci-cd:admin");
    private static final ResourceSnapshot RESOURCE = new ResourceSnapshot("ci-cd", "Jenkins CI/CD", "okta-scim",
            EmployeeId.of("E1031"), Sensitivity.HIGH, List.of(), true);
    private static final Instant OPENED = Instant.parse("2026-11-02T09:00:00Z");
    /** The policy's {@code approval.taskDueAfter}, as the evaluation carries it (not the document default). */
    private static final Duration DUE_AFTER = Duration.ofDays(2);
    private static final Instant DUE = OPENED.plus(DUE_AFTER);

    private AggregateTestFixture<ApprovalCase> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApprovalCase.class);
    }

    private static PolicyEvaluated evaluated(List<Finding> findings, Stage... stages) {
        return new PolicyEvaluated(EventId.of("ev-1"), REQUEST, "3", REQUESTER, JENKINS_ADMIN, RESOURCE, findings,
                Sensitivity.HIGH, List.of(stages), false, null, Duration.ofDays(90), DUE_AFTER, OPENED);
    }

    private static TaskId task(Stage stage) {
        return TaskId.of("T-" + Ids.nameBased(REQUEST.value() + "/0/" + stage));
    }

    private static EventId eventId(String commandId, int n) {
        return EventId.of(Ids.nameBased(commandId + "/" + n));
    }

    private TestExecutor<ApprovalCase> open(List<Finding> findings, Stage... stages) {
        return fixture.givenCommands(
                new ApprovalCase.OpenCase(REQUEST, REQUESTER, REQUESTER, JENKINS_ADMIN, CHAIN, "cmd-open", OPENED),
                new ApprovalCase.ApplyEvaluation(REQUEST, evaluated(findings, stages), CHAIN, "cmd-eval", OPENED));
    }

    private static ApprovalCase.DecideTask decide(Stage stage, EmployeeId who, Set<String> roles, Outcome outcome,
            String reason, Conditions conditions, String override, String commandId, Instant at) {
        return new ApprovalCase.DecideTask(REQUEST, task(stage), who, roles, outcome, reason, conditions, override,
                commandId, at);
    }

    // ---- delegation ----------------------------------------------------------------------------------------

    @Test
    void theAssigneeDelegatesAndTheDelegateMayDecide() {
        Instant at = OPENED.plusSeconds(60);
        open(List.of(), Stage.MANAGER)
                .andGivenCommands(new ApprovalCase.DelegateTask(REQUEST, task(Stage.MANAGER), MANAGER, Set.of(),
                        COLLEAGUE, "On leave this week", "cmd-delegate", at))
                .when(decide(Stage.MANAGER, COLLEAGUE, Set.of(), Outcome.APPROVE, null, null, null, "cmd-d", at))
                .expectEvents(new ManagerApproved(eventId("cmd-d", 0), REQUEST, task(Stage.MANAGER), COLLEAGUE, null,
                                null, at),
                        new AccessApproved(eventId("cmd-d", 1), REQUEST, REQUESTER, JENKINS_ADMIN, RESOURCE,
                                Conditions.NONE, List.of(COLLEAGUE.value()), "3", Duration.ofDays(90), at));
    }

    @Test
    void delegationIsRecordedWithItsReason() {
        open(List.of(), Stage.MANAGER)
                .when(new ApprovalCase.DelegateTask(REQUEST, task(Stage.MANAGER), MANAGER, Set.of(), COLLEAGUE,
                        "On leave this week", "cmd-delegate", OPENED))
                .expectEvents(new TaskDelegated(eventId("cmd-delegate", 0), REQUEST, task(Stage.MANAGER),
                        Stage.MANAGER, MANAGER, COLLEAGUE, "On leave this week", OPENED));
    }

    @Test
    void nobodyDelegatesToTheRequester() {
        open(List.of(), Stage.MANAGER)
                .when(new ApprovalCase.DelegateTask(REQUEST, task(Stage.MANAGER), MANAGER, Set.of(), REQUESTER,
                        "Let them approve it", "cmd-delegate", OPENED))
                .expectException(Refused.class).expectNoEvents();
    }

    @Test
    void onlyWhoMayDecideMayDelegate() {
        open(List.of(), Stage.MANAGER)
                .when(new ApprovalCase.DelegateTask(REQUEST, task(Stage.MANAGER), COLLEAGUE, Set.of(), DIRECTOR,
                        "Hijack", "cmd-delegate", OPENED))
                .expectException(Refused.class).expectNoEvents();
    }

    @Test
    void theDelegateOfADecidedTaskIsToldItIsNotOpen() {
        Instant at = OPENED.plusSeconds(60);
        open(List.of(), Stage.MANAGER)
                .andGivenCommands(new ApprovalCase.DelegateTask(REQUEST, task(Stage.MANAGER), MANAGER, Set.of(),
                                COLLEAGUE, "On leave this week", "cmd-delegate", at),
                        decide(Stage.MANAGER, COLLEAGUE, Set.of(), Outcome.APPROVE, null, null, null, "cmd-d", at))
                .when(new ApprovalCase.DelegateTask(REQUEST, task(Stage.MANAGER), COLLEAGUE, Set.of(), DIRECTOR,
                        "Too late", "cmd-again", at))
                .expectException(predicate((Object e) -> e instanceof Refused refused
                        && refused.rule().equals("taskMustBeOpen")))
                .expectNoEvents();
    }

    @Test
    void anOutsiderHandingOnADecidedTaskIsOnlyToldItIsNotTheirs() {
        Instant at = OPENED.plusSeconds(60);
        open(List.of(), Stage.MANAGER)
                .andGivenCommands(new ApprovalCase.DelegateTask(REQUEST, task(Stage.MANAGER), MANAGER, Set.of(),
                                COLLEAGUE, "On leave this week", "cmd-delegate", at),
                        decide(Stage.MANAGER, COLLEAGUE, Set.of(), Outcome.APPROVE, null, null, null, "cmd-d", at))
                .when(new ApprovalCase.DelegateTask(REQUEST, task(Stage.MANAGER), DIRECTOR, Set.of("IAM"), DIRECTOR,
                        "Curious", "cmd-probe", at))
                .expectException(predicate((Object e) -> e instanceof Refused refused
                        && refused.rule().equals("onlyAssigneeDelegateOrQueueMember")
                        && refused.getMessage().equals(ApprovalRules.notTheirs(DIRECTOR).getMessage())))
                .expectNoEvents();
    }

    @Test
    void aDelegationWithoutAReasonIsRefused() {
        open(List.of(), Stage.MANAGER)
                .when(new ApprovalCase.DelegateTask(REQUEST, task(Stage.MANAGER), MANAGER, Set.of(), COLLEAGUE, " ",
                        "cmd-delegate", OPENED))
                .expectException(Refused.class).expectNoEvents();
    }

    // ---- the prerequisite override at SECURITY ---------------------------------------------------------------

    private static final List<Finding> TRAINING_MISSING = List.of(
            new Finding("prerequisitesMissing", Sensitivity.HIGH, "security training never completed"));

    @Test
    void approvingAtSecurityWithPrerequisitesMissingNeedsAnOverrideReason() {
        open(TRAINING_MISSING, Stage.SECURITY)
                .when(decide(Stage.SECURITY, SECURITY_ANALYST, SECURITY, Outcome.APPROVE, null, null, null, "c", OPENED))
                .expectException(Refused.class).expectNoEvents();
    }

    @Test
    void anOverrideReasonIsRecordedWithTheApprovalAndItsConditions() {
        Conditions thirtyDays = new Conditions(Duration.ofDays(30), true, null);
        open(TRAINING_MISSING, Stage.SECURITY)
                .when(decide(Stage.SECURITY, SECURITY_ANALYST, SECURITY, Outcome.APPROVE_WITH_CONDITIONS,
                        "Needed for the release freeze", thirtyDays, "Training booked for 2026-11-10", "c", OPENED))
                .expectEvents(new StageApproved(eventId("c", 0), REQUEST, task(Stage.SECURITY), Stage.SECURITY,
                                SECURITY_ANALYST, "Needed for the release freeze", thirtyDays,
                                "Training booked for 2026-11-10", OPENED),
                        new AccessApproved(eventId("c", 1), REQUEST, REQUESTER, JENKINS_ADMIN, RESOURCE, thirtyDays,
                                List.of(SECURITY_ANALYST.value()), "3", Duration.ofDays(90), OPENED));
    }

    @Test
    void withoutMissingPrerequisitesNoOverrideIsNeeded() {
        open(List.of(), Stage.SECURITY)
                .when(decide(Stage.SECURITY, SECURITY_ANALYST, SECURITY, Outcome.APPROVE, null, null, null, "c", OPENED))
                .expectEvents(new StageApproved(eventId("c", 0), REQUEST, task(Stage.SECURITY), Stage.SECURITY,
                                SECURITY_ANALYST, null, null, null, OPENED),
                        new AccessApproved(eventId("c", 1), REQUEST, REQUESTER, JENKINS_ADMIN, RESOURCE,
                                Conditions.NONE, List.of(SECURITY_ANALYST.value()), "3", Duration.ofDays(90), OPENED));
    }

    // ---- reminders, escalation, the final policy -------------------------------------------------------------

    @Test
    void aTaskIsRemindedOnce() {
        Instant soon = DUE.minus(Duration.ofHours(12));
        open(List.of(), Stage.MANAGER)
                .andGivenCommands(new ApprovalCase.RemindTask(REQUEST, task(Stage.MANAGER), "r1", soon))
                .when(new ApprovalCase.RemindTask(REQUEST, task(Stage.MANAGER), "r2", soon.plusSeconds(60)))
                .expectNoEvents();
    }

    @Test
    void aReminderNamesTheAssigneeAndTheDueTime() {
        Instant soon = DUE.minus(Duration.ofHours(12));
        open(List.of(), Stage.MANAGER)
                .when(new ApprovalCase.RemindTask(REQUEST, task(Stage.MANAGER), "r1", soon))
                .expectEvents(new TaskReminded(eventId("r1", 0), REQUEST, task(Stage.MANAGER), Stage.MANAGER, MANAGER,
                        null, DUE, soon));
    }

    @Test
    void nothingEscalatesBeforeTheDueTime() {
        open(List.of(), Stage.MANAGER)
                .when(new ApprovalCase.EscalateTask(REQUEST, task(Stage.MANAGER), "x", DUE.minusSeconds(1)))
                .expectNoEvents();
    }

    @Test
    void anUndecidedManagerTaskEscalatesToTheNextManagerAfterTheDeadline() {
        open(List.of(), Stage.MANAGER)
                .when(new ApprovalCase.EscalateTask(REQUEST, task(Stage.MANAGER), "x", DUE))
                .expectEvents(new TaskEscalated(eventId("x", 0), REQUEST, task(Stage.MANAGER), Stage.MANAGER, MANAGER,
                        null, DIRECTOR, null, 1, DUE.plus(DUE_AFTER), DUE));
    }

    @Test
    void theEscalatedAssigneeMayDecideAndTheFormerMayNot() {
        open(List.of(), Stage.MANAGER)
                .andGivenCommands(new ApprovalCase.EscalateTask(REQUEST, task(Stage.MANAGER), "x", DUE))
                .when(decide(Stage.MANAGER, MANAGER, Set.of(), Outcome.APPROVE, null, null, null, "d", DUE))
                .expectException(Refused.class).expectNoEvents();
    }

    @Test
    void afterTheChainTheTaskGoesToTheIamQueueAndThenTheFinalPolicyDenies() {
        Instant second = DUE.plus(DUE_AFTER);
        Instant third = second.plus(DUE_AFTER);
        open(List.of(), Stage.MANAGER)
                .andGivenCommands(new ApprovalCase.EscalateTask(REQUEST, task(Stage.MANAGER), "x1", DUE),
                        new ApprovalCase.EscalateTask(REQUEST, task(Stage.MANAGER), "x2", second))
                .when(new ApprovalCase.EscalateTask(REQUEST, task(Stage.MANAGER), "x3", third))
                .expectEvents(new AccessDenied(eventId("x3", 0), REQUEST, Stage.MANAGER, null,
                        ApprovalCase.NO_DECISION, third));
    }

    @Test
    void theSecondEscalationReachesTheIamQueue() {
        Instant second = DUE.plus(DUE_AFTER);
        open(List.of(), Stage.MANAGER)
                .andGivenCommands(new ApprovalCase.EscalateTask(REQUEST, task(Stage.MANAGER), "x1", DUE))
                .when(new ApprovalCase.EscalateTask(REQUEST, task(Stage.MANAGER), "x2", second))
                .expectEvents(new TaskEscalated(eventId("x2", 0), REQUEST, task(Stage.MANAGER), Stage.MANAGER,
                        DIRECTOR, null, null, "IAM", 2, second.plus(DUE_AFTER), second));
    }

    @Test
    void aDecidedTaskIsNeitherRemindedNorEscalated() {
        open(List.of(), Stage.MANAGER)
                .andGivenCommands(decide(Stage.MANAGER, MANAGER, Set.of(), Outcome.APPROVE, null, null, null, "d",
                        OPENED))
                .when(new ApprovalCase.EscalateTask(REQUEST, task(Stage.MANAGER), "x", DUE))
                .expectNoEvents();
    }

}
