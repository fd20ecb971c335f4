package io.accessledger.provisioning.grants;

import static org.axonframework.test.matchers.Matchers.predicate;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.FulfilmentTaskOpened;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.provisioning.connectors.Connector;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
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

    private AggregateTestFixture<Grant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Grant.class);
    }

    private static Grant.OpenGrant openGrant(Conditions conditions, Connector.Result result, String failure) {
        return new Grant.OpenGrant(GRANT, REQUEST, BENEFICIARY, ENTITLEMENT, TARGET, conditions, CADENCE, result,
                failure, "cmd-open", OPENED_AT);
    }

    private static Grant.GrantOpened grantOpened(Conditions conditions, Duration cadence) {
        return new Grant.GrantOpened(GRANT, REQUEST, BENEFICIARY, ENTITLEMENT, TARGET, conditions, cadence);
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
        return predicate((Object e) -> e instanceof Grant.FulfilmentRefused r && r.conflict() == conflict);
    }

    @Test
    void aGrantHandedToAPersonOpensAFulfilmentTask() {
        fixture.givenNoPriorActivity()
                .when(openGrant(CONDITIONS, new Connector.Result.HandedToPerson(OWNER, "IAM"), null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(grantOpened(CONDITIONS, CADENCE), taskOpened(OWNER, "IAM"));
    }

    @Test
    void theSameGrantOpenedAgainEmitsNothing() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), taskOpened(OWNER, "IAM"))
                .when(openGrant(CONDITIONS, new Connector.Result.HandedToPerson(OWNER, "IAM"), null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aFailureIsRecordedAsProvisioningFailed() {
        fixture.givenNoPriorActivity()
                .when(openGrant(CONDITIONS, null, "No provisioning target 'manual' is configured"))
                .expectEvents(grantOpened(CONDITIONS, CADENCE),
                        new ProvisioningFailed(eventId("cmd-open"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT, TARGET,
                                1, "No provisioning target 'manual' is configured", OPENED_AT));
    }

    @Test
    void aConnectorThatIsDoneProvisionsAtOnce() {
        fixture.givenNoPriorActivity()
                .when(openGrant(CONDITIONS, new Connector.Result.Done("scim-991"), null))
                .expectEvents(grantOpened(CONDITIONS, CADENCE),
                        new AccessProvisioned(eventId("cmd-open"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT, TARGET,
                                TARGET, "scim-991", null, CONDITIONS, OPENED_AT, OPENED_AT.plus(Duration.ofDays(30)),
                                OPENED_AT.plus(CADENCE), OPENED_AT));
    }

    @Test
    void aQueueMemberCompletesTheTaskAndTheGrantWindowStartsThen() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), taskOpened(OWNER, "IAM"))
                .when(complete(IAM_ANALYST, Set.of("EMPLOYEE", "IAM"), "cmd-done"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccessProvisioned(eventId("cmd-done"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT,
                        TARGET, "manual", "NS-4711", IAM_ANALYST, CONDITIONS, DONE_AT, DONE_AT.plus(Duration.ofDays(30)),
                        DONE_AT.plus(Duration.ofDays(90)), DONE_AT));
    }

    @Test
    void theAssigneeCompletesTheTask() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), taskOpened(OWNER, null))
                .when(complete(OWNER, Set.of("EMPLOYEE"), "cmd-done"))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(predicate(
                                (AccessProvisioned p) -> OWNER.equals(p.provisionedBy()))),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void withoutAnApprovedDurationTheGrantDoesNotExpireAndTheDefaultCadenceIsAYear() {
        fixture.given(grantOpened(null, null), taskOpened(null, "IAM"))
                .when(complete(IAM_ANALYST, Set.of("IAM"), "cmd-done"))
                .expectEvents(new AccessProvisioned(eventId("cmd-done"), GRANT, REQUEST, BENEFICIARY, ENTITLEMENT,
                        TARGET, "manual", "NS-4711", IAM_ANALYST, null, DONE_AT, null,
                        DONE_AT.plus(Duration.ofDays(365)), DONE_AT));
    }

    @Test
    void completingTwiceIsAConflict() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), taskOpened(OWNER, "IAM"))
                .andGivenCommands(complete(IAM_ANALYST, Set.of("IAM"), "cmd-done"))
                .when(complete(IAM_ANALYST, Set.of("IAM"), "cmd-done-again"))
                .expectException(refused(true))
                .expectNoEvents();
    }

    @Test
    void completingAnotherTaskIsAConflict() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), taskOpened(OWNER, "IAM"))
                .when(new Grant.CompleteFulfilment(GRANT, TaskId.of("FT-other"), IAM_ANALYST, Set.of("IAM"), "x",
                        "cmd-done", DONE_AT))
                .expectException(refused(true))
                .expectNoEvents();
    }

    @Test
    void aFailedGrantCannotBeCompleted() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), new ProvisioningFailed(eventId("cmd-open"), GRANT, REQUEST,
                        BENEFICIARY, ENTITLEMENT, TARGET, 1, "boom", OPENED_AT))
                .when(complete(IAM_ANALYST, Set.of("IAM"), "cmd-done"))
                .expectException(refused(true))
                .expectNoEvents();
    }

    @Test
    void someoneNeitherAssigneeNorInTheQueueIsRefusedWithoutConflict() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), taskOpened(OWNER, "IAM"))
                .when(complete(OUTSIDER, Set.of("EMPLOYEE", "SECURITY"), "cmd-done"))
                .expectException(refused(false))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("IAM"))
                .expectNoEvents();
    }

    @Test
    void aRoleDoesNotOpenATaskAssignedOnlyToAPerson() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), taskOpened(OWNER, null))
                .when(complete(IAM_ANALYST, Set.of("IAM"), "cmd-done"))
                .expectException(refused(false))
                .expectNoEvents();
    }

    @Test
    void theBeneficiaryCannotFulfilTheirOwnAccess() {
        fixture.given(grantOpened(CONDITIONS, CADENCE), taskOpened(OWNER, "IAM"))
                .when(complete(BENEFICIARY, Set.of("EMPLOYEE", "IAM"), "cmd-done"))
                .expectException(refused(false))
                .expectExceptionMessage("Nobody fulfils their own access")
                .expectNoEvents();
    }
}
