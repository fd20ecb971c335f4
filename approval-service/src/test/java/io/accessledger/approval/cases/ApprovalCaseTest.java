package io.accessledger.approval.cases;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.axonframework.test.matchers.Matchers.predicate;

import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.approval.ManagerApproved;
import io.accessledger.events.approval.ManagerRejected;
import io.accessledger.events.approval.RevisionRequested;
import io.accessledger.events.approval.StageApproved;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.Stage;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.spine.commands.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApprovalCaseTest {
    private static final RequestId REQUEST = RequestId.of("R-1");
    private static final EmployeeId REQUESTER = EmployeeId.of("E10");
    private static final EmployeeId BENEFICIARY = EmployeeId.of("E20");
    private static final EmployeeId MANAGER = EmployeeId.of("E30");
    private static final EmployeeId DIRECTOR = EmployeeId.of("E40");
    private static final EmployeeId IAM_ANALYST = EmployeeId.of("E50");
    private static final EmployeeId OUTSIDER = EmployeeId.of("E60");
    private static final Set<String> EMPLOYEE = Set.of("EMPLOYEE");
    private static final Set<String> IAM = Set.of("EMPLOYEE", "IAM");
    private static final List<EmployeeId> CHAIN = List.of(MANAGER, DIRECTOR);
    private static final Entitlement ENTITLEMENT = Entitlement.parse("salesforce:edit");
    private static final ResourceSnapshot RESOURCE = new ResourceSnapshot("salesforce", "Salesforce CRM",
            "okta-scim", EmployeeId.of("E1004"), Sensitivity.MEDIUM, List.of("SOC2"), false);
    private static final Instant OPENED_AT = Instant.parse("2025-05-01T09:00:00Z");
    private static final Instant EVALUATED_AT = Instant.parse("2025-05-01T09:00:05Z");
    private static final Instant DECIDED_AT = Instant.parse("2025-05-02T14:30:00Z");
    private static final Duration CADENCE = Duration.ofDays(180);

    private AggregateTestFixture<ApprovalCase> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApprovalCase.class);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static PolicyEvaluated evaluated(String version, boolean autoApprovable, Stage... stages) {
        return new PolicyEvaluated(EventId.of("ev-eval-" + version), REQUEST, version, BENEFICIARY, ENTITLEMENT,
                RESOURCE, List.of(), Sensitivity.MEDIUM, List.of(stages), autoApprovable, null, CADENCE,
                EVALUATED_AT);
    }

    private static ApprovalCase.OpenCase openCase(EmployeeId requester, List<EmployeeId> chain) {
        return new ApprovalCase.OpenCase(REQUEST, requester, BENEFICIARY, ENTITLEMENT, chain, "cmd-open", OPENED_AT);
    }

    private static ApprovalCase.OpenCase openCase() {
        return openCase(REQUESTER, CHAIN);
    }

    private static ApprovalCase.ApplyEvaluation applyEvaluation(PolicyEvaluated evaluation, String commandId) {
        return new ApprovalCase.ApplyEvaluation(REQUEST, evaluation, CHAIN, commandId, EVALUATED_AT);
    }

    private static ApprovalCase.DecideTask decide(TaskId task, EmployeeId decider, Set<String> roles,
            Outcome outcome, String reason, Conditions conditions, String commandId) {
        return new ApprovalCase.DecideTask(REQUEST, task, decider, roles, outcome, reason, conditions, null, commandId,
                DECIDED_AT);
    }

    private static ApprovalCase.DecideTask approve(TaskId task, EmployeeId decider, Set<String> roles) {
        return decide(task, decider, roles, Outcome.APPROVE, null, null, "cmd-decide");
    }

    /** The task id the case derives for a stage of a round. */
    private static TaskId task(int round, Stage stage) {
        return TaskId.of("T-" + Ids.nameBased(REQUEST.value() + "/" + round + "/" + stage));
    }

    /** The n-th event id a command mints. */
    private static EventId eventId(String commandId, int n) {
        return EventId.of(Ids.nameBased(commandId + "/" + n));
    }

    private static ApprovalCase.CaseOpened caseOpened(List<EmployeeId> chain) {
        return new ApprovalCase.CaseOpened(REQUEST, REQUESTER, BENEFICIARY, chain, OPENED_AT);
    }

    private static Matcher<?> refusal(Refused.Kind kind, String rule) {
        return predicate((Object e) -> e instanceof Refused refused && refused.kind() == kind
                && refused.rule().equals(rule));
    }

    /** The published and recorded events of the command, in order, each matching its payload matcher, and no more. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Matcher<List<Message<?>>> payloads(Matcher<?>... payloadMatchers) {
        Matcher[] messages = new Matcher[payloadMatchers.length + 1];
        for (int i = 0; i < payloadMatchers.length; i++) {
            messages[i] = messageWithPayload(payloadMatchers[i]);
        }
        messages[payloadMatchers.length] = andNoMore();
        return exactSequenceOf(messages);
    }

    // ---- starting the case ---------------------------------------------------------------------------------

    @Test
    void theRequestAloneDoesNotStartTheCase() {
        fixture.givenNoPriorActivity()
                .when(openCase())
                .expectEvents(caseOpened(CHAIN));
    }

    @Test
    void theVerdictAloneDoesNotStartTheCase() {
        PolicyEvaluated evaluation = evaluated("4", false, Stage.MANAGER);
        fixture.givenNoPriorActivity()
                .when(applyEvaluation(evaluation, "cmd-eval"))
                .expectEvents(new ApprovalCase.EvaluationReceived(REQUEST, evaluation, CHAIN));
    }

    @Test
    void theCaseStartsWhenTheVerdictFollowsTheRequest() {
        PolicyEvaluated evaluation = evaluated("4", false, Stage.MANAGER);
        fixture.given(caseOpened(CHAIN))
                .when(applyEvaluation(evaluation, "cmd-eval"))
                .expectEvents(new ApprovalCase.EvaluationReceived(REQUEST, evaluation, CHAIN),
                        new ApprovalTaskOpened(eventId("cmd-eval", 0), REQUEST, task(0, Stage.MANAGER),
                                Stage.MANAGER, MANAGER, null, EVALUATED_AT.plus(Duration.ofDays(3)), EVALUATED_AT));
    }

    @Test
    void aTaskIsDueWhenThePolicysTaskDeadlineSays() {
        PolicyEvaluated oneDay = new PolicyEvaluated(EventId.of("ev-eval-5"), REQUEST, "5", BENEFICIARY,
                ENTITLEMENT, RESOURCE, List.of(), Sensitivity.MEDIUM, List.of(Stage.MANAGER), false, null, CADENCE,
                Duration.ofDays(1), EVALUATED_AT);
        fixture.given(caseOpened(CHAIN))
                .when(applyEvaluation(oneDay, "cmd-eval"))
                .expectEvents(new ApprovalCase.EvaluationReceived(REQUEST, oneDay, CHAIN),
                        new ApprovalTaskOpened(eventId("cmd-eval", 0), REQUEST, task(0, Stage.MANAGER),
                                Stage.MANAGER, MANAGER, null, EVALUATED_AT.plus(Duration.ofDays(1)), EVALUATED_AT));
    }

    @Test
    void theCaseStartsWhenTheRequestFollowsTheVerdict() {
        PolicyEvaluated evaluation = evaluated("4", false, Stage.MANAGER);
        fixture.given(new ApprovalCase.EvaluationReceived(REQUEST, evaluation, CHAIN))
                .when(openCase())
                .expectEvents(caseOpened(CHAIN),
                        new ApprovalTaskOpened(eventId("cmd-open", 0), REQUEST, task(0, Stage.MANAGER),
                                Stage.MANAGER, MANAGER, null, OPENED_AT.plus(Duration.ofDays(3)), OPENED_AT));
    }

    @Test
    void theRequestDeliveredTwiceOpensTheCaseOnce() {
        fixture.givenCommands(openCase())
                .when(openCase())
                .expectNoEvents();
    }

    @Test
    void theSameVerdictDeliveredAgainAfterTheStartChangesNothing() {
        PolicyEvaluated evaluation = evaluated("4", false, Stage.MANAGER);
        fixture.givenCommands(openCase(), applyEvaluation(evaluation, "cmd-eval"))
                .when(applyEvaluation(evaluation, "cmd-eval-again"))
                .expectNoEvents();
    }

    // ---- auto-approval -------------------------------------------------------------------------------------

    @Test
    void anAutoApprovableRequestIsApprovedByThePolicyWithoutATask() {
        PolicyEvaluated evaluation = evaluated("7", true, Stage.MANAGER);
        fixture.given(caseOpened(CHAIN))
                .when(applyEvaluation(evaluation, "cmd-eval"))
                .expectEvents(new ApprovalCase.EvaluationReceived(REQUEST, evaluation, CHAIN),
                        new AccessApproved(eventId("cmd-eval", 0), REQUEST, BENEFICIARY, ENTITLEMENT, RESOURCE,
                                Conditions.NONE, List.of("policy v7"), "7", CADENCE, EVALUATED_AT));
    }

    @Test
    void anAutoApprovableVerdictThatArrivedFirstApprovesWhenTheRequestArrives() {
        PolicyEvaluated evaluation = evaluated("7", true, Stage.MANAGER);
        fixture.given(new ApprovalCase.EvaluationReceived(REQUEST, evaluation, CHAIN))
                .when(openCase())
                .expectEvents(caseOpened(CHAIN),
                        new AccessApproved(eventId("cmd-open", 0), REQUEST, BENEFICIARY, ENTITLEMENT, RESOURCE,
                                Conditions.NONE, List.of("policy v7"), "7", CADENCE, OPENED_AT));
    }

    @Test
    void autoApprovalChangesStateOnlyThroughEvents() {
        fixture.given(caseOpened(CHAIN))
                .when(applyEvaluation(evaluated("7", true, Stage.MANAGER), "cmd-eval"))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloads(
                        predicate(e -> e instanceof ApprovalCase.EvaluationReceived),
                        predicate(e -> e instanceof AccessApproved a && a.approvedBy().equals(List.of("policy v7")))));
    }

    @Test
    void anAutoApprovedCaseIgnoresALaterVerdictAndTakesNoDecision() {
        fixture.givenCommands(openCase(), applyEvaluation(evaluated("7", true, Stage.MANAGER), "cmd-eval"))
                .when(applyEvaluation(evaluated("8", false, Stage.MANAGER), "cmd-eval-2"))
                .expectNoEvents();
    }

    // ---- assignment of the MANAGER task --------------------------------------------------------------------

    @Test
    void managerCannotApproveOwnRequest() {
        // The beneficiary's manager filed the request: the task goes one level up.
        fixture.given(new ApprovalCase.CaseOpened(REQUEST, MANAGER, BENEFICIARY, CHAIN, OPENED_AT))
                .when(applyEvaluation(evaluated("4", false, Stage.MANAGER), "cmd-eval"))
                .expectEventsMatching(payloads(
                        predicate(e -> e instanceof ApprovalCase.EvaluationReceived),
                        predicate(e -> e instanceof ApprovalTaskOpened t && t.stage() == Stage.MANAGER
                                && DIRECTOR.equals(t.assigneeId()) && t.queue() == null)));
    }

    @Test
    void theManagersOwnRequestCannotBeDecidedByThemEvenWithTheTaskId() {
        fixture.givenCommands(openCase(MANAGER, CHAIN), applyEvaluation(evaluated("4", false, Stage.MANAGER),
                        "cmd-eval"))
                .when(approve(task(0, Stage.MANAGER), MANAGER, EMPLOYEE))
                .expectException(refusal(Refused.Kind.NOT_ALLOWED, "nobodyApprovesTheirOwnRequest"))
                .expectNoEvents();
    }

    @Test
    void withNoManagerLeftTheManagerTaskGoesToTheIamQueue() {
        fixture.given(new ApprovalCase.CaseOpened(REQUEST, MANAGER, BENEFICIARY, List.of(MANAGER), OPENED_AT))
                .when(new ApprovalCase.ApplyEvaluation(REQUEST, evaluated("4", false, Stage.MANAGER),
                        List.of(MANAGER), "cmd-eval", EVALUATED_AT))
                .expectEventsMatching(payloads(
                        predicate(e -> e instanceof ApprovalCase.EvaluationReceived),
                        predicate(e -> e instanceof ApprovalTaskOpened t && t.stage() == Stage.MANAGER
                                && t.assigneeId() == null && "IAM".equals(t.queue()))));
    }

    @Test
    void withAnEmptyManagerChainTheManagerTaskGoesToTheIamQueue() {
        fixture.given(caseOpened(List.of()))
                .when(new ApprovalCase.ApplyEvaluation(REQUEST, evaluated("4", false, Stage.MANAGER), List.of(),
                        "cmd-eval", EVALUATED_AT))
                .expectEventsMatching(payloads(
                        predicate(e -> e instanceof ApprovalCase.EvaluationReceived),
                        predicate(e -> e instanceof ApprovalTaskOpened t && t.assigneeId() == null
                                && "IAM".equals(t.queue()))));
    }

    @Test
    void anIamQueueMemberMayDecideAManagerTaskThatFellToTheQueue() {
        fixture.givenCommands(openCase(REQUESTER, List.of()), new ApprovalCase.ApplyEvaluation(REQUEST,
                        evaluated("4", false, Stage.MANAGER), List.of(), "cmd-eval", EVALUATED_AT))
                .when(approve(task(0, Stage.MANAGER), IAM_ANALYST, IAM))
                .expectEvents(new ManagerApproved(eventId("cmd-decide", 0), REQUEST, task(0, Stage.MANAGER),
                                IAM_ANALYST, null, null, DECIDED_AT),
                        new AccessApproved(eventId("cmd-decide", 1), REQUEST, BENEFICIARY, ENTITLEMENT, RESOURCE,
                                Conditions.NONE, List.of(IAM_ANALYST.value()), "4", CADENCE, DECIDED_AT));
    }

    // ---- who may decide ------------------------------------------------------------------------------------

    private TestExecutor<ApprovalCase> managerTaskOpen(Stage... stages) {
        return fixture.givenCommands(openCase(), applyEvaluation(evaluated("4", false, stages), "cmd-eval"));
    }

    @Test
    void beneficiaryCannotApprove() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .when(approve(task(0, Stage.MANAGER), BENEFICIARY, IAM))
                .expectException(refusal(Refused.Kind.NOT_ALLOWED, "nobodyApprovesTheirOwnRequest"))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("beneficiary"))
                .expectNoEvents();
    }

    @Test
    void requesterCannotApprove() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .when(approve(task(0, Stage.MANAGER), REQUESTER, IAM))
                .expectException(refusal(Refused.Kind.NOT_ALLOWED, "nobodyApprovesTheirOwnRequest"))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("requester"))
                .expectNoEvents();
    }

    @Test
    void someoneNeitherAssigneeNorInTheQueueMayNotDecide() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .when(approve(task(0, Stage.MANAGER), OUTSIDER, EMPLOYEE))
                .expectException(refusal(Refused.Kind.NOT_ALLOWED, "onlyAssigneeDelegateOrQueueMember"))
                .expectNoEvents();
    }

    @Test
    void anIamMemberMayNotDecideAManagerTaskAssignedToAPerson() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .when(approve(task(0, Stage.MANAGER), IAM_ANALYST, IAM))
                .expectException(refusal(Refused.Kind.NOT_ALLOWED, "onlyAssigneeDelegateOrQueueMember"))
                .expectNoEvents();
    }

    @Test
    void anIamQueueMemberMayDecideAnIamTask() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(approve(task(0, Stage.MANAGER), MANAGER, EMPLOYEE))
                .when(decide(task(0, Stage.IAM), IAM_ANALYST, IAM, Outcome.APPROVE, "fits the team", null,
                        "cmd-iam"))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloads(
                        predicate(e -> e instanceof StageApproved s && s.stage() == Stage.IAM
                                && s.approverId().equals(IAM_ANALYST)),
                        predicate(e -> e instanceof AccessApproved)));
    }

    @Test
    void someoneOutsideTheIamQueueMayNotDecideAnIamTask() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(approve(task(0, Stage.MANAGER), MANAGER, EMPLOYEE))
                .when(approve(task(0, Stage.IAM), OUTSIDER, Set.of("EMPLOYEE", "SECURITY")))
                .expectException(refusal(Refused.Kind.NOT_ALLOWED, "onlyAssigneeDelegateOrQueueMember"))
                .expectNoEvents();
    }

    @Test
    void aSecondDecisionIsRefused() {
        managerTaskOpen(Stage.MANAGER)
                .andGivenCommands(approve(task(0, Stage.MANAGER), MANAGER, EMPLOYEE))
                .when(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.DENY, "changed my mind", null,
                        "cmd-again"))
                .expectException(refusal(Refused.Kind.CLOSED, "taskMustBeOpen"))
                .expectNoEvents();
    }

    @Test
    void aTaskThatWasNeverOpenedIsRefusedAsSomeoneElsesTaskIs() {
        managerTaskOpen(Stage.MANAGER)
                .when(approve(task(0, Stage.IAM), MANAGER, IAM))
                .expectException(refusal(Refused.Kind.NOT_ALLOWED, "onlyAssigneeDelegateOrQueueMember"))
                .expectExceptionMessage(ApprovalRules.notTheirs(MANAGER).getMessage())
                .expectNoEvents();
    }

    @Test
    void anOutsiderIsNotToldThatATaskWasDecided() {
        managerTaskOpen(Stage.MANAGER)
                .andGivenCommands(approve(task(0, Stage.MANAGER), MANAGER, EMPLOYEE))
                .when(approve(task(0, Stage.MANAGER), OUTSIDER, IAM))
                .expectException(refusal(Refused.Kind.NOT_ALLOWED, "onlyAssigneeDelegateOrQueueMember"))
                .expectExceptionMessage(ApprovalRules.notTheirs(OUTSIDER).getMessage())
                .expectNoEvents();
    }

    @Test
    void theQueueOfADecidedQueueTaskIsToldItIsNotOpen() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(approve(task(0, Stage.MANAGER), MANAGER, EMPLOYEE),
                        approve(task(0, Stage.IAM), IAM_ANALYST, IAM))
                .when(approve(task(0, Stage.IAM), OUTSIDER, IAM))
                .expectException(refusal(Refused.Kind.CLOSED, "taskMustBeOpen"))
                .expectNoEvents();
    }

    @Test
    void aRefusalNamesNeitherTheTasksQueueNorItsState() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(approve(task(0, Stage.MANAGER), MANAGER, EMPLOYEE))
                .when(approve(task(0, Stage.IAM), OUTSIDER, Set.of("EMPLOYEE", "SECURITY")))
                .expectException(refusal(Refused.Kind.NOT_ALLOWED, "onlyAssigneeDelegateOrQueueMember"))
                .expectExceptionMessage(ApprovalRules.notTheirs(OUTSIDER).getMessage())
                .expectNoEvents();
    }

    @Test
    void denyWithoutAReasonIsInvalid() {
        managerTaskOpen(Stage.MANAGER)
                .when(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.DENY, "  ", null, "cmd-deny"))
                .expectException(refusal(Refused.Kind.INVALID, "reasonRequiredUnlessApprove"))
                .expectNoEvents();
    }

    @Test
    void returnWithoutAReasonIsInvalid() {
        managerTaskOpen(Stage.MANAGER)
                .when(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.RETURN, null, null, "cmd-return"))
                .expectException(refusal(Refused.Kind.INVALID, "reasonRequiredUnlessApprove"))
                .expectNoEvents();
    }

    // ---- the stages ----------------------------------------------------------------------------------------

    @Test
    void managerApprovalOpensTheIamStageTask() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .when(approve(task(0, Stage.MANAGER), MANAGER, EMPLOYEE))
                .expectEvents(new ManagerApproved(eventId("cmd-decide", 0), REQUEST, task(0, Stage.MANAGER),
                                MANAGER, null, null, DECIDED_AT),
                        new ApprovalTaskOpened(eventId("cmd-decide", 1), REQUEST, task(0, Stage.IAM), Stage.IAM,
                                null, "IAM", DECIDED_AT.plus(Duration.ofDays(3)), DECIDED_AT));
    }

    /**
     * Several stages mean several people (SECURITY.md, ASVS 2.3.5): a manager who also holds the IAM role approved
     * the MANAGER stage and may not approve the IAM stage as a member of its queue. Another member may; the manager
     * may still deny or return it (that asks for less, not more).
     */
    @Test
    void whoApprovedAnEarlierStageMayNotApproveALaterOne() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.APPROVE, null, null,
                        "cmd-manager"))
                .when(approve(task(0, Stage.IAM), MANAGER, IAM))
                .expectNoEvents()
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("approved an earlier stage"))
                .expectException(refusal(Refused.Kind.NOT_ALLOWED, "oneApprovalPerPerson"));
        setUp();
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.APPROVE, null, null,
                        "cmd-manager"))
                .when(decide(task(0, Stage.IAM), MANAGER, IAM, Outcome.APPROVE_WITH_CONDITIONS, "a week",
                        new Conditions(Duration.ofDays(7), null, null), "cmd-iam"))
                .expectException(refusal(Refused.Kind.NOT_ALLOWED, "oneApprovalPerPerson"));
        setUp();
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.APPROVE, null, null,
                        "cmd-manager"))
                .when(decide(task(0, Stage.IAM), MANAGER, IAM, Outcome.DENY, "not needed after all", null, "cmd-iam"))
                .expectEventsMatching(payloads(predicate(e -> e instanceof AccessDenied)));
        setUp();
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.APPROVE, null, null,
                        "cmd-manager"))
                .when(approve(task(0, Stage.IAM), IAM_ANALYST, IAM))
                .expectEventsMatching(payloads(predicate(e -> e instanceof StageApproved),
                        predicate(e -> e instanceof AccessApproved a
                                && a.approvedBy().equals(List.of(MANAGER.value(), IAM_ANALYST.value())))));
    }

    /** Nor may the task be handed to them: a delegate who could not approve it would only hold it up. */
    @Test
    void aTaskIsNotDelegatedToWhoApprovedAnEarlierStage() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.APPROVE, null, null,
                        "cmd-manager"))
                .when(new ApprovalCase.DelegateTask(REQUEST, task(0, Stage.IAM), IAM_ANALYST, IAM, MANAGER,
                        "you know this system", "cmd-delegate", DECIDED_AT))
                .expectNoEvents()
                .expectException(refusal(Refused.Kind.NOT_ALLOWED, "oneApprovalPerPerson"));
    }

    /**
     * The resource's owner is also the beneficiary's manager and approved the MANAGER stage: the RESOURCE_OWNER task
     * goes to the IAM queue, as it does when the owner is a party to the request, rather than to someone who may not
     * approve it.
     */
    @Test
    void theResourceOwnersTaskGoesToTheIamQueueWhenTheOwnerApprovedAnEarlierStage() {
        ResourceSnapshot ownedByTheManager = new ResourceSnapshot("salesforce", "Salesforce CRM", "okta-scim",
                MANAGER, Sensitivity.MEDIUM, List.of("SOC2"), false);
        PolicyEvaluated evaluation = new PolicyEvaluated(EventId.of("ev-eval-4"), REQUEST, "4", BENEFICIARY,
                ENTITLEMENT, ownedByTheManager, List.of(), Sensitivity.MEDIUM,
                List.of(Stage.MANAGER, Stage.RESOURCE_OWNER), false, null, CADENCE, EVALUATED_AT);
        fixture.givenCommands(openCase(), applyEvaluation(evaluation, "cmd-eval"))
                .when(approve(task(0, Stage.MANAGER), MANAGER, EMPLOYEE))
                .expectEvents(new ManagerApproved(eventId("cmd-decide", 0), REQUEST, task(0, Stage.MANAGER),
                                MANAGER, null, null, DECIDED_AT),
                        new ApprovalTaskOpened(eventId("cmd-decide", 1), REQUEST, task(0, Stage.RESOURCE_OWNER),
                                Stage.RESOURCE_OWNER, null, "IAM", DECIDED_AT.plus(Duration.ofDays(3)), DECIDED_AT));
    }

    @Test
    void approvingWithoutConditionsRecordsNoConditionsEvenIfSomeWereSent() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .when(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.APPROVE, null,
                        new Conditions(Duration.ofDays(1), true, true), "cmd-decide"))
                .expectEventsMatching(payloads(
                        predicate(e -> e instanceof ManagerApproved m && m.conditions() == null),
                        predicate(e -> e instanceof ApprovalTaskOpened)));
    }

    @Test
    void iamApprovalWithConditionsApprovesWithTheMergedConditions() {
        Conditions managerConditions = new Conditions(Duration.ofDays(30), null, true);
        Conditions iamConditions = new Conditions(Duration.ofDays(14), true, null);
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.APPROVE_WITH_CONDITIONS,
                        "only for the Q3 project", managerConditions, "cmd-manager"))
                .when(decide(task(0, Stage.IAM), IAM_ANALYST, IAM, Outcome.APPROVE_WITH_CONDITIONS,
                        "two weeks are enough", iamConditions, "cmd-iam"))
                .expectEvents(new StageApproved(eventId("cmd-iam", 0), REQUEST, task(0, Stage.IAM), Stage.IAM,
                                IAM_ANALYST, "two weeks are enough", iamConditions, null, DECIDED_AT),
                        new AccessApproved(eventId("cmd-iam", 1), REQUEST, BENEFICIARY, ENTITLEMENT, RESOURCE,
                                new Conditions(Duration.ofDays(14), true, true),
                                List.of(MANAGER.value(), IAM_ANALYST.value()), "4", CADENCE, DECIDED_AT));
    }

    @Test
    void theShortestDurationWinsWhicheverStageSetIt() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.APPROVE_WITH_CONDITIONS,
                        "a week only", new Conditions(Duration.ofDays(7), null, null), "cmd-manager"))
                .when(decide(task(0, Stage.IAM), IAM_ANALYST, IAM, Outcome.APPROVE_WITH_CONDITIONS, "monitor it",
                        new Conditions(Duration.ofDays(90), null, true), "cmd-iam"))
                .expectEventsMatching(payloads(
                        predicate(e -> e instanceof StageApproved),
                        predicate(e -> e instanceof AccessApproved a
                                && a.conditions().equals(new Conditions(Duration.ofDays(7), null, true)))));
    }

    @Test
    void denyAtManagerRejectsAndDenies() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .when(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.DENY, "not needed for the role",
                        null, "cmd-deny"))
                .expectEvents(new ManagerRejected(eventId("cmd-deny", 0), REQUEST, task(0, Stage.MANAGER), MANAGER,
                                "not needed for the role", DECIDED_AT),
                        new AccessDenied(eventId("cmd-deny", 1), REQUEST, Stage.MANAGER, MANAGER,
                                "not needed for the role", DECIDED_AT));
    }

    @Test
    void denyAtALaterStageDeniesWithoutManagerRejection() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(approve(task(0, Stage.MANAGER), MANAGER, EMPLOYEE))
                .when(decide(task(0, Stage.IAM), IAM_ANALYST, IAM, Outcome.DENY, "SoD conflict", null, "cmd-deny"))
                .expectEvents(new AccessDenied(eventId("cmd-deny", 0), REQUEST, Stage.IAM, IAM_ANALYST,
                        "SoD conflict", DECIDED_AT));
    }

    @Test
    void aDeniedCaseIgnoresALaterVerdict() {
        managerTaskOpen(Stage.MANAGER)
                .andGivenCommands(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.DENY, "no", null,
                        "cmd-deny"))
                .when(applyEvaluation(evaluated("5", true, Stage.MANAGER), "cmd-eval-2"))
                .expectNoEvents();
    }

    @Test
    void returnRequestsARevision() {
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .when(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.RETURN, "say which account",
                        null, "cmd-return"))
                .expectEvents(new RevisionRequested(eventId("cmd-return", 0), REQUEST, task(0, Stage.MANAGER),
                        Stage.MANAGER, MANAGER, "say which account", DECIDED_AT));
    }

    @Test
    void aReturnedTaskCannotBeDecidedAnyMore() {
        managerTaskOpen(Stage.MANAGER)
                .andGivenCommands(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.RETURN,
                        "say which account", null, "cmd-return"))
                .when(approve(task(0, Stage.MANAGER), MANAGER, EMPLOYEE))
                .expectException(refusal(Refused.Kind.CLOSED, "taskMustBeOpen"))
                .expectNoEvents();
    }

    @Test
    void aNewEvaluationAfterAReturnRestartsTheStagesWithANewTask() {
        PolicyEvaluated revised = evaluated("5", false, Stage.MANAGER, Stage.SECURITY);
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.RETURN,
                        "say which account", null, "cmd-return"))
                .when(applyEvaluation(revised, "cmd-eval-2"))
                .expectEvents(new ApprovalCase.EvaluationReceived(REQUEST, revised, CHAIN),
                        new ApprovalTaskOpened(eventId("cmd-eval-2", 0), REQUEST, task(1, Stage.MANAGER),
                                Stage.MANAGER, MANAGER, null, EVALUATED_AT.plus(Duration.ofDays(3)), EVALUATED_AT));
    }

    @Test
    void afterARestartTheOldTaskIsClosedAndTheNewOneRunsTheNewStages() {
        PolicyEvaluated revised = evaluated("5", false, Stage.MANAGER, Stage.SECURITY);
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.RETURN,
                        "say which account", null, "cmd-return"), applyEvaluation(revised, "cmd-eval-2"))
                .when(approve(task(1, Stage.MANAGER), MANAGER, EMPLOYEE))
                .expectEvents(new ManagerApproved(eventId("cmd-decide", 0), REQUEST, task(1, Stage.MANAGER), MANAGER,
                                null, null, DECIDED_AT),
                        new ApprovalTaskOpened(eventId("cmd-decide", 1), REQUEST, task(1, Stage.SECURITY),
                                Stage.SECURITY, null, "SECURITY", DECIDED_AT.plus(Duration.ofDays(3)), DECIDED_AT));
    }

    @Test
    void conditionsAndApproversOfTheReturnedRoundAreForgotten() {
        PolicyEvaluated revised = evaluated("5", false, Stage.MANAGER);
        managerTaskOpen(Stage.MANAGER, Stage.IAM)
                .andGivenCommands(
                        decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.APPROVE_WITH_CONDITIONS, "a week",
                                new Conditions(Duration.ofDays(7), null, null), "cmd-manager"),
                        decide(task(0, Stage.IAM), IAM_ANALYST, IAM, Outcome.RETURN, "which account?", null,
                                "cmd-return"),
                        applyEvaluation(revised, "cmd-eval-2"))
                .when(approve(task(1, Stage.MANAGER), MANAGER, EMPLOYEE))
                .expectEvents(new ManagerApproved(eventId("cmd-decide", 0), REQUEST, task(1, Stage.MANAGER), MANAGER,
                                null, null, DECIDED_AT),
                        new AccessApproved(eventId("cmd-decide", 1), REQUEST, BENEFICIARY, ENTITLEMENT, RESOURCE,
                                Conditions.NONE, List.of(MANAGER.value()), "5", CADENCE, DECIDED_AT));
    }

    @Test
    void anAutoApprovableVerdictAfterAReturnStillGoesThroughTheStages() {
        PolicyEvaluated revised = evaluated("5", true, Stage.MANAGER);
        managerTaskOpen(Stage.MANAGER)
                .andGivenCommands(decide(task(0, Stage.MANAGER), MANAGER, EMPLOYEE, Outcome.RETURN, "which account?",
                        null, "cmd-return"))
                .when(applyEvaluation(revised, "cmd-eval-2"))
                .expectEventsMatching(payloads(
                        predicate(e -> e instanceof ApprovalCase.EvaluationReceived),
                        predicate(e -> e instanceof ApprovalTaskOpened t
                                && t.taskId().equals(task(1, Stage.MANAGER)))));
    }
}
