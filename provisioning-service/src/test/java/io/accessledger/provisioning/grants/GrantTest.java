package io.accessledger.provisioning.grants;

import static org.axonframework.test.matchers.Matchers.predicate;

import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.FulfilmentTaskOpened;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.events.provisioning.ProvisioningRetried;
import io.accessledger.provisioning.connectors.Connector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import io.accessledger.spine.commands.Refused;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrantTest {
    private static final RequestId REQUEST = RequestId.of("R-1");
    private static final GrantId GRANT = Ids.grantFor(REQUEST);
    private static final EmployeeId BENEFICIARY = EmployeeId.of("E20");
    private static final EmployeeId OWNER = EmployeeId.of("E1010");
    private static final EmployeeId IAM_ANALYST = EmployeeId.of("E50");
    private static final EmployeeId OUTSIDER = EmployeeId.of("E60");
    private static final Entitlement ENTITLEMENT = Entitlement.parse("netsuite-ap:read");
    private static final String TARGET = "manual";
    private static final Conditions CONDITIONS = new Conditions(Duration.ofDays(30), true, null);
    private static final Duration CADENCE = Duration.ofDays(90);
    private static final Instant OPENED_AT = Instant.parse("2025-05-03T08:00:00Z");
    private static final Instant DONE_AT = Instant.parse("2025-05-04T16:45:00Z");
    private static final TaskId TASK = TaskId.of("FT-" + Ids.nameBased(GRANT.value() + "/grant"));

    private static final EmployeeId IAM_LEAD = EmployeeId.of("E1040");
    private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(30), 2.0,
            0.0, Duration.ofMinutes(10));
    private static final Connector.Result BY_HAND = new Connector.Result.HandedToPerson(OWNER, "IAM");

    private AggregateTestFixture<Grant> fixture;
    private final OtherGrants others = new OtherGrants();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Grant.class);
        fixture.registerInjectableResource(POLICY);
        fixture.registerInjectableResource(others);
    }

    private static Grant.OpenGrant openGrant(Conditions conditions, String failure) {
        return new Grant.OpenGrant(GRANT, REQUEST, BENEFICIARY, ENTITLEMENT, TARGET, conditions, CADENCE, OWNER,
                failure, "cmd-open", OPENED_AT);
    }

    private static Grant.GrantOpened grantOpened(Conditions conditions, Duration cadence) {
        return new Grant.GrantOpened(GRANT, REQUEST, BENEFICIARY, ENTITLEMENT, TARGET, conditions, cadence, OWNER,
                OPENED_AT);
    }

    private static Grant.AttemptScheduled firstAttempt() {
        return new Grant.AttemptScheduled(GRANT, Grant.Operation.GRANT, 1, OPENED_AT);
    }

    private static Grant.RecordAttempt done(int attempt, String commandId, Instant at) {
        return new Grant.RecordAttempt(GRANT, Grant.Operation.GRANT, attempt, "scim",
                new Connector.Result.Done("Users/7 in Groups/3"), null, false, null, 0.5, commandId, at);
    }

    private static Grant.RecordAttempt failed(int attempt, boolean transientFailure, Duration retryAfter,
            String commandId) {
        return new Grant.RecordAttempt(GRANT, Grant.Operation.GRANT, attempt, "scim", null, "503 Service Unavailable",
                transientFailure, retryAfter, 0.5, commandId, OPENED_AT);
    }

    private static Grant.RecordAttempt handedToPerson() {
        return new Grant.RecordAttempt(GRANT, Grant.Operation.GRANT, 1, "manual", BY_HAND, null, false, null, 0.5,
                "cmd-open", OPENED_AT);
    }

    private static FulfilmentTaskOpened taskOpened(EmployeeId assignee, String queue) {
        return new FulfilmentTaskOpened(eventId("cmd-open"), GRANT, REQUEST, TASK, BENEFICIARY, ENTITLEMENT, TARGET,
                "GRANT", assignee, queue, OPENED_AT);
    }

    private static Grant.CompleteFulfilment complete(EmployeeId by, Set<String> roles, String commandId) {
        return new Grant.CompleteFulfilment(GRANT, TASK, by, roles, "NS-4711", commandId, DONE_AT);
    }

    private static EventId eventId(String commandId) {
        return EventId.of(Ids.nameBased(commandId + "/0"));
    }

    private static Matcher<?> refused(boolean conflict) {
        return predicate((Object e) -> e instanceof Refused r
                && (r.kind() == Refused.Kind.CONFLICT) == conflict);
    }

    @Test
    void anApprovalOpensTheGrantAndSchedulesTheFirstConnectorCallAtOnce() {
        fixture.givenNoPriorActivity()
                .when(openGrant(CONDITIONS, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(grantOpened(CONDITIONS, CADENCE), firstAttempt());
    }

    @Test
    void theSameGrantOpenedAgainEmitsNothing() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt())
                .when(openGrant(CONDITIONS, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anApprovalForATargetNobodyConfiguredFailsAtOnce() {
        fixture.givenNoPriorActivity()
                .when(openGrant(CONDITIONS, "No provisioning target 'manual' is configured"))
                .expectEvents(grantOpened(CONDITIONS, CADENCE),
                        new ProvisioningFailed(eventId("cmd-open"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT, TARGET,
                                0, "No provisioning target 'manual' is configured", OPENED_AT));
    }

    @Test
    void theGrantWindowStartsAtTheTargetsAcknowledgement() {
        Instant ack = OPENED_AT.plusSeconds(42);
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt())
                .when(done(1, "cmd-ack", ack))
                .expectEvents(new AccessProvisioned(eventId("cmd-ack"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT,
                        TARGET, "scim", "Users/7 in Groups/3", null, CONDITIONS, ack, ack.plus(Duration.ofDays(30)),
                        ack.plus(CADENCE), ack));
    }

    @Test
    void aTransientFailureSchedulesTheNextAttemptAfterTheBackOff() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt())
                .when(failed(1, true, null, "cmd-1"))
                .expectEvents(new Grant.AttemptFailed(GRANT, Grant.Operation.GRANT, 1, "503 Service Unavailable",
                        OPENED_AT.plusSeconds(2), OPENED_AT));
    }

    @Test
    void theTargetsRetryAfterIsHonouredWhenLongerThanTheBackOff() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt())
                .when(failed(1, true, Duration.ofSeconds(90), "cmd-1"))
                .expectEvents(new Grant.AttemptFailed(GRANT, Grant.Operation.GRANT, 1, "503 Service Unavailable",
                        OPENED_AT.plusSeconds(90), OPENED_AT));
    }

    @Test
    void aPermanentRefusalFailsTheGrantAtOnceWithTheTargetsAnswer() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt())
                .when(new Grant.RecordAttempt(GRANT, Grant.Operation.GRANT, 1, "scim", null,
                        "400 invalidValue: no such group", false, null, 0.5, "cmd-1", OPENED_AT))
                .expectEvents(new ProvisioningFailed(eventId("cmd-1"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT,
                        TARGET, 1, "400 invalidValue: no such group", OPENED_AT));
    }

    @Test
    void theGrantFailsWhenTheRetryBudgetIsSpent() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(),
                        new Grant.AttemptFailed(GRANT, Grant.Operation.GRANT, 1, "503", OPENED_AT, OPENED_AT),
                        new Grant.AttemptFailed(GRANT, Grant.Operation.GRANT, 2, "503", OPENED_AT, OPENED_AT))
                .when(failed(3, true, null, "cmd-3"))
                .expectEvents(new ProvisioningFailed(eventId("cmd-3"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT,
                        TARGET, 3, "503 Service Unavailable", OPENED_AT));
    }

    @Test
    void aLateReportOfAnEarlierAttemptChangesNothing() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(),
                        new Grant.AttemptFailed(GRANT, Grant.Operation.GRANT, 1, "503", OPENED_AT, OPENED_AT))
                .when(done(1, "cmd-late", DONE_AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aSecondSuccessfulCallAfterACrashDoesNotProvisionTwice() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt())
                .andGivenCommands(done(1, "cmd-first-worker", DONE_AT))
                .when(done(1, "cmd-second-worker", DONE_AT.plusSeconds(120)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void iamSendsAFailedGrantBackWithAFreshBudget() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(), new ProvisioningFailed(eventId("cmd-1"),
                        GRANT, REQUEST, BENEFICIARY, ENTITLEMENT, TARGET, 3, "503", OPENED_AT))
                .when(new Grant.RetryProvisioning(GRANT, IAM_LEAD, "SCIM endpoint fixed", "cmd-retry", DONE_AT))
                .expectEvents(new ProvisioningRetried(eventId("cmd-retry"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT,
                                TARGET, IAM_LEAD, "SCIM endpoint fixed", DONE_AT),
                        new Grant.AttemptScheduled(GRANT, Grant.Operation.GRANT, 1, DONE_AT));
    }

    @Test
    void aGrantThatHasNotFailedCannotBeRetried() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt())
                .when(new Grant.RetryProvisioning(GRANT, IAM_LEAD, null, "cmd-retry", DONE_AT))
                .expectException(refused(true))
                .expectNoEvents();
    }

    @Test
    void nobodyRetriesTheirOwnFailedAccess() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(), new ProvisioningFailed(eventId("cmd-1"),
                        GRANT, REQUEST, BENEFICIARY, ENTITLEMENT, TARGET, 3, "503", OPENED_AT))
                .when(new Grant.RetryProvisioning(GRANT, BENEFICIARY, null, "cmd-retry", DONE_AT))
                .expectException(refused(false))
                .expectNoEvents();
    }

    private static final EmployeeId WITHDRAWER = EmployeeId.of("E21");

    private static Grant.WithdrawGrant withdraw(Instant at) {
        return new Grant.WithdrawGrant(GRANT, REQUEST, WITHDRAWER, "cmd-withdraw", at);
    }

    private static Grant.GrantWithdrawn withdrawn() {
        return new Grant.GrantWithdrawn(GRANT, REQUEST, WITHDRAWER, OPENED_AT);
    }

    private static Grant.RevocationStarted revocationForTheWithdrawal(Instant at) {
        return new Grant.RevocationStarted(GRANT, RevocationReason.MANUAL, WITHDRAWER, at);
    }

    private static Grant.AttemptScheduled firstRevokeAttempt(Instant at) {
        return new Grant.AttemptScheduled(GRANT, Grant.Operation.REVOKE, 1, at);
    }

    @Test
    void aRequestWithdrawnBeforeItsApprovalReachedProvisioningIsNeverProvisioned() {
        fixture.givenNoPriorActivity()
                .when(withdraw(OPENED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(withdrawn());
        fixture.given(withdrawn())
                .when(openGrant(CONDITIONS, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anActiveGrantWhoseRequestIsWithdrawnIsRevokedAtOnceByTheWithdrawer() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt())
                .andGivenCommands(done(1, "cmd-worker", DONE_AT))
                .when(withdraw(DONE_AT.plusSeconds(5)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new Grant.GrantWithdrawn(GRANT, REQUEST, WITHDRAWER, DONE_AT.plusSeconds(5)),
                        revocationForTheWithdrawal(DONE_AT.plusSeconds(5)), firstRevokeAttempt(DONE_AT.plusSeconds(5)));
    }

    @Test
    void aGrantWithdrawnWhileItsTargetIsCalledIsRevokedAsSoonAsItIsProvisioned() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(), withdrawn())
                .when(done(1, "cmd-worker", DONE_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccessProvisioned(eventId("cmd-worker"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT,
                                TARGET, "scim", "Users/7 in Groups/3", null, CONDITIONS, DONE_AT,
                                DONE_AT.plus(CONDITIONS.accessDuration()), DONE_AT.plus(CADENCE), DONE_AT),
                        revocationForTheWithdrawal(DONE_AT), firstRevokeAttempt(DONE_AT));
    }

    @Test
    void aFailedGrantWhoseRequestWasWithdrawnIsNotSentBackAndASecondWithdrawalRecordsNothing() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(), new ProvisioningFailed(eventId("cmd-1"),
                        GRANT, REQUEST, BENEFICIARY, ENTITLEMENT, TARGET, 3, "503", OPENED_AT), withdrawn())
                .when(new Grant.RetryProvisioning(GRANT, IAM_LEAD, "SCIM endpoint fixed", "cmd-retry", DONE_AT))
                .expectException(refused(true))
                .expectNoEvents();
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(), withdrawn())
                .when(withdraw(DONE_AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aGrantHandedToAPersonOpensAFulfilmentTask() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt())
                .when(handedToPerson())
                .expectSuccessfulHandlerExecution()
                .expectEvents(taskOpened(OWNER, "IAM"));
    }

    @Test
    void aQueueMemberCompletesTheTaskAndTheGrantWindowStartsThen() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(), taskOpened(OWNER, "IAM"))
                .when(complete(IAM_ANALYST, Set.of("EMPLOYEE", "IAM"), "cmd-done"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccessProvisioned(eventId("cmd-done"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT,
                        TARGET, "manual", "NS-4711", IAM_ANALYST, CONDITIONS, DONE_AT, DONE_AT.plus(Duration.ofDays(30)),
                        DONE_AT.plus(Duration.ofDays(90)), DONE_AT));
    }

    @Test
    void theAssigneeCompletesTheTask() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(), taskOpened(OWNER, null))
                .when(complete(OWNER, Set.of("EMPLOYEE"), "cmd-done"))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(predicate(
                                (AccessProvisioned p) -> OWNER.equals(p.provisionedBy()))),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void withoutAnApprovedDurationTheGrantDoesNotExpire() {
        fixture.given(grantOpened(null, CADENCE), firstAttempt(), taskOpened(null, "IAM"))
                .when(complete(IAM_ANALYST, Set.of("IAM"), "cmd-done"))
                .expectEvents(new AccessProvisioned(eventId("cmd-done"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT,
                        TARGET, "manual", "NS-4711", IAM_ANALYST, null, DONE_AT, null, DONE_AT.plus(CADENCE),
                        DONE_AT));
    }

    @Test
    void theReviewIsDueAfterTheCadenceTheApprovalCarried() {
        Duration sevenWeeks = Duration.ofDays(49);
        Instant ack = OPENED_AT.plusSeconds(5);
        fixture.givenCommands(new Grant.OpenGrant(GRANT, REQUEST, BENEFICIARY, ENTITLEMENT, TARGET, null,
                        sevenWeeks, OWNER, null, "cmd-open", OPENED_AT))
                .when(done(1, "cmd-ack", ack))
                .expectEvents(new AccessProvisioned(eventId("cmd-ack"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT,
                        TARGET, "scim", "Users/7 in Groups/3", null, null, ack, null, ack.plus(sevenWeeks), ack));
    }

    @Test
    void anApprovalWithoutACadenceIsReviewedAfterThePolicyDocumentsDefaultYear() {
        AccessApproved old = new AccessApproved(EventId.of("ev-approved"), REQUEST, BENEFICIARY, ENTITLEMENT,
                new ResourceSnapshot("netsuite-ap", "NetSuite AP", TARGET, OWNER, Sensitivity.HIGH, List.of(), false),
                null, List.of("E30"), "2", null, OPENED_AT);
        Instant ack = OPENED_AT.plusSeconds(5);
        fixture.givenCommands(new Grant.OpenGrant(GRANT, REQUEST, BENEFICIARY, ENTITLEMENT, TARGET, null,
                        old.reviewCadence(), OWNER, null, "cmd-open", OPENED_AT))
                .when(done(1, "cmd-ack", ack))
                .expectEvents(new AccessProvisioned(eventId("cmd-ack"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT,
                        TARGET, "scim", "Users/7 in Groups/3", null, null, ack, null,
                        ack.plus(Duration.ofDays(365)), ack));
    }

    @Test
    void completingTwiceIsAConflict() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(), taskOpened(OWNER, "IAM"))
                .andGivenCommands(complete(IAM_ANALYST, Set.of("IAM"), "cmd-done"))
                .when(complete(IAM_ANALYST, Set.of("IAM"), "cmd-done-again"))
                .expectException(refused(true))
                .expectNoEvents();
    }

    @Test
    void aTaskTheGrantNeverOpenedIsRefusedAsSomeoneElsesTaskIs() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(), taskOpened(OWNER, "IAM"))
                .when(new Grant.CompleteFulfilment(GRANT, TaskId.of("FT-other"), IAM_ANALYST, Set.of("IAM"), "x",
                        "cmd-done", DONE_AT))
                .expectException(refused(false))
                .expectExceptionMessage(GrantRules.notTheirs(IAM_ANALYST).getMessage())
                .expectNoEvents();
    }

    @Test
    void aFailedGrantWithoutATaskCompletesNothing() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), new ProvisioningFailed(eventId("cmd-open"), GRANT, REQUEST,
                        BENEFICIARY, ENTITLEMENT, TARGET, 1, "boom", OPENED_AT))
                .when(complete(IAM_ANALYST, Set.of("IAM"), "cmd-done"))
                .expectException(refused(false))
                .expectNoEvents();
    }

    @Test
    void aFailedGrantsTaskIsNotOpenToItsQueue() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(), taskOpened(OWNER, "IAM"),
                        new ProvisioningFailed(eventId("cmd-fail"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT, TARGET,
                                1, "boom", OPENED_AT))
                .when(complete(IAM_ANALYST, Set.of("IAM"), "cmd-done"))
                .expectException(refused(true))
                .expectNoEvents();
    }

    @Test
    void anOutsiderIsNotToldThatATaskWasCompleted() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(), taskOpened(OWNER, "IAM"))
                .andGivenCommands(complete(IAM_ANALYST, Set.of("IAM"), "cmd-done"))
                .when(complete(OUTSIDER, Set.of("EMPLOYEE", "SECURITY"), "cmd-probe"))
                .expectException(refused(false))
                .expectExceptionMessage(GrantRules.notTheirs(OUTSIDER).getMessage())
                .expectNoEvents();
    }

    @Test
    void someoneNeitherAssigneeNorInTheQueueIsRefusedWithoutConflictOrTheQueuesName() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(), taskOpened(OWNER, "IAM"))
                .when(complete(OUTSIDER, Set.of("EMPLOYEE", "SECURITY"), "cmd-done"))
                .expectException(refused(false))
                .expectExceptionMessage(GrantRules.notTheirs(OUTSIDER).getMessage())
                .expectNoEvents();
    }

    @Test
    void aRoleDoesNotOpenATaskAssignedOnlyToAPerson() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(), taskOpened(OWNER, null))
                .when(complete(IAM_ANALYST, Set.of("IAM"), "cmd-done"))
                .expectException(refused(false))
                .expectNoEvents();
    }

    @Test
    void theBeneficiaryCannotFulfilTheirOwnAccess() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), firstAttempt(), taskOpened(OWNER, "IAM"))
                .when(complete(BENEFICIARY, Set.of("EMPLOYEE", "IAM"), "cmd-done"))
                .expectException(refused(false))
                .expectExceptionMessage("Nobody fulfils their own access")
                .expectNoEvents();
    }
}
