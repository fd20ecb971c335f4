package io.accessledger.provisioning.grants;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.FulfilmentTaskOpened;
import io.accessledger.provisioning.connectors.Connector;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import io.accessledger.spine.commands.Refused;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Taking a grant away: once, only when it was provisioned, by the connector or by hand. */
class GrantRevocationTest {
    private static final RequestId REQUEST = RequestId.of("R-7");
    private static final GrantId GRANT = Ids.grantFor(REQUEST);
    private static final EmployeeId LEAVER = EmployeeId.of("E30");
    private static final EmployeeId IAM_ANALYST = EmployeeId.of("E50");
    private static final EmployeeId OUTSIDER = EmployeeId.of("E60");
    private static final Entitlement ENTITLEMENT = Entitlement.parse("github:write");
    private static final Instant AT = Instant.parse("2026-11-02T09:00:00Z");
    private static final TaskId GRANT_TASK = TaskId.of("FT-" + Ids.nameBased(GRANT + "/grant"));
    private static final TaskId REVOKE_TASK = TaskId.of("FT-" + Ids.nameBased(GRANT + "/revoke"));
    private static final Connector.Result BY_HAND = new Connector.Result.HandedToPerson(null, "IAM");

    private static final RetryPolicy POLICY = new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(30), 2.0,
            0.0, Duration.ofMinutes(10));

    private AggregateTestFixture<Grant> fixture;
    private final OtherGrants others = new OtherGrants();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Grant.class);
        fixture.registerInjectableResource(POLICY);
        fixture.registerInjectableResource(others);
    }

    private static Grant.OpenGrant open(io.accessledger.events.model.Conditions conditions) {
        return new Grant.OpenGrant(GRANT, REQUEST, LEAVER, ENTITLEMENT, "okta-scim", conditions, Duration.ofDays(90),
                null, null, "cmd-open", AT);
    }

    private static Grant.RecordAttempt report(Grant.Operation operation, int attempt, Connector.Result result,
            String failure, String commandId) {
        return new Grant.RecordAttempt(GRANT, operation, attempt, "scim", result, failure, failure != null, null, 0.5,
                commandId, AT);
    }

    private TestExecutor<Grant> provisionedByHand() {
        return fixture.givenCommands(open(null), report(Grant.Operation.GRANT, 1, BY_HAND, null, "cmd-hand"),
                new Grant.CompleteFulfilment(GRANT, GRANT_TASK, IAM_ANALYST, Set.of("IAM"), "CHG1", "cmd-complete",
                        AT));
    }

    private TestExecutor<Grant> provisionedByConnector() {
        return fixture.givenCommands(open(null),
                report(Grant.Operation.GRANT, 1, new Connector.Result.Done("Users/1 in Groups/2"), null, "cmd-ack"));
    }

    private static Grant.RevokeGrant revoke(String commandId) {
        return new Grant.RevokeGrant(GRANT, RevocationReason.LEAVER, null, commandId, AT);
    }

    private static EventId eventId(String commandId) {
        return EventId.of(Ids.nameBased(commandId + "/0"));
    }

    @Test
    void aRevocationSchedulesTheConnectorsCall() {
        provisionedByConnector().when(revoke("cmd-revoke"))
                .expectEvents(new Grant.RevocationStarted(GRANT, RevocationReason.LEAVER, null, AT),
                        new Grant.AttemptScheduled(GRANT, Grant.Operation.REVOKE, 1, AT));
    }

    @Test
    void aConnectorThatRevokesRevokesTheGrantWithItsReason() {
        provisionedByConnector().andGivenCommands(revoke("cmd-revoke"))
                .when(report(Grant.Operation.REVOKE, 1, new Connector.Result.Done("removed"), null, "cmd-gone"))
                .expectEvents(new AccessRevoked(eventId("cmd-gone"), GRANT, REQUEST, LEAVER, ENTITLEMENT,
                        "okta-scim", RevocationReason.LEAVER, null, AT));
    }

    @Test
    void aManualRevocationOpensARevokeTaskForTheQueue() {
        provisionedByHand().andGivenCommands(revoke("cmd-revoke"))
                .when(report(Grant.Operation.REVOKE, 1, BY_HAND, null, "cmd-hand-revoke"))
                .expectEvents(new FulfilmentTaskOpened(eventId("cmd-hand-revoke"), GRANT, REQUEST, REVOKE_TASK,
                        LEAVER, ENTITLEMENT, "okta-scim", "REVOKE", null, "IAM", AT));
    }

    @Test
    void completingTheRevokeTaskRevokesTheGrantWithItsReason() {
        provisionedByHand().andGivenCommands(revoke("cmd-revoke"),
                        report(Grant.Operation.REVOKE, 1, BY_HAND, null, "cmd-hand-revoke"))
                .when(new Grant.CompleteFulfilment(GRANT, REVOKE_TASK, IAM_ANALYST, Set.of("IAM"), "removed",
                        "cmd-done", AT))
                .expectEvents(new AccessRevoked(eventId("cmd-done"), GRANT, REQUEST, LEAVER, ENTITLEMENT, "okta-scim",
                        RevocationReason.LEAVER, IAM_ANALYST, AT));
    }

    @Test
    void aRevocationTheConnectorCannotMakeIsHandedToIam() {
        provisionedByConnector().andGivenCommands(revoke("cmd-revoke"),
                        report(Grant.Operation.REVOKE, 1, null, "503", "cmd-r1"))
                .when(report(Grant.Operation.REVOKE, 2, null, "503", "cmd-r2"))
                .expectEvents(new FulfilmentTaskOpened(eventId("cmd-r2"), GRANT, REQUEST, REVOKE_TASK, LEAVER,
                        ENTITLEMENT, "okta-scim", "REVOKE", null, "IAM", AT));
    }

    @Test
    void anExpiredGrantEndsAsExpiredAtItsExpiryTime() {
        Instant expiry = AT.plus(Duration.ofDays(30));
        fixture.givenCommands(open(new io.accessledger.events.model.Conditions(Duration.ofDays(30), null, null)),
                        report(Grant.Operation.GRANT, 1, new Connector.Result.Done("ok"), null, "cmd-ack"),
                        new Grant.RevokeGrant(GRANT, RevocationReason.EXPIRED, null, "cmd-expire", expiry))
                .when(new Grant.RecordAttempt(GRANT, Grant.Operation.REVOKE, 1, "scim",
                        new Connector.Result.Done("removed"), null, false, null, 0.5, "cmd-gone",
                        expiry.plusSeconds(60)))
                .expectEvents(new io.accessledger.events.provisioning.AccessExpired(eventId("cmd-gone"), GRANT, REQUEST,
                        LEAVER, ENTITLEMENT, "okta-scim", expiry, expiry.plusSeconds(60)));
    }

    @Test
    void aSecondRevocationRequestChangesNothing() {
        provisionedByConnector().andGivenCommands(revoke("cmd-revoke"))
                .when(revoke("cmd-revoke-again")).expectNoEvents();
    }

    @Test
    void aGrantNotYetProvisionedIsNotRevokedHere() {
        fixture.givenCommands(open(null)).when(revoke("cmd-revoke")).expectNoEvents();
    }

    @Test
    void aRevokedGrantIsNotRevokedAgainWhenTheConnectorAnswersTwice() {
        provisionedByConnector().andGivenCommands(revoke("cmd-revoke"),
                        report(Grant.Operation.REVOKE, 1, new Connector.Result.Done("removed"), null, "cmd-gone"))
                .when(report(Grant.Operation.REVOKE, 1, new Connector.Result.Done("removed"), null, "cmd-gone-2"))
                .expectNoEvents();
    }

    @Test
    void onlyTheQueueOrAssigneeCompletesARevocation() {
        provisionedByHand().andGivenCommands(revoke("cmd-revoke"),
                        report(Grant.Operation.REVOKE, 1, BY_HAND, null, "cmd-hand-revoke"))
                .when(new Grant.CompleteFulfilment(GRANT, REVOKE_TASK, OUTSIDER, Set.of(), "x", "cmd-done", AT))
                .expectException(Refused.class).expectNoEvents();
    }

    private static final GrantId OTHER = Ids.grantFor(RequestId.of("R-8"));

    @Test
    void aRevocationLeavesTheMembershipToAnotherGrantThatHoldsItAndSaysSoWithoutACall() {
        others.holding(OTHER);
        provisionedByConnector().when(new Grant.RevokeGrant(GRANT, RevocationReason.REVIEW, IAM_ANALYST,
                        "cmd-revoke", AT))
                .expectEvents(new Grant.RevocationStarted(GRANT, RevocationReason.REVIEW, IAM_ANALYST, AT),
                        new AccessRevoked(EventId.of(Ids.nameBased("cmd-revoke/1")), GRANT, REQUEST, LEAVER,
                                ENTITLEMENT, "okta-scim", RevocationReason.REVIEW, IAM_ANALYST, AT, OTHER));
    }

    @Test
    void anExpiryKeptForAnotherGrantIsRecordedExpiredNamingIt() {
        Instant expiry = AT.plus(Duration.ofDays(30));
        others.holding(OTHER);
        fixture.givenCommands(open(new io.accessledger.events.model.Conditions(Duration.ofDays(30), null, null)),
                        report(Grant.Operation.GRANT, 1, new Connector.Result.Done("ok"), null, "cmd-ack"))
                .when(new Grant.RevokeGrant(GRANT, RevocationReason.EXPIRED, null, "cmd-expire", expiry))
                .expectEvents(new Grant.RevocationStarted(GRANT, RevocationReason.EXPIRED, null, expiry),
                        new io.accessledger.events.provisioning.AccessExpired(
                                EventId.of(Ids.nameBased("cmd-expire/1")), GRANT, REQUEST, LEAVER, ENTITLEMENT,
                                "okta-scim", expiry, expiry, OTHER));
    }

    @Test
    void aProvisioningReportedDoneWhileAnotherGrantRemovesTheMembershipIsAskedAgain() {
        others.removing(OTHER);
        fixture.givenCommands(open(null))
                .when(report(Grant.Operation.GRANT, 1, new Connector.Result.Done("Users/1 in Groups/2"), null,
                        "cmd-ack"))
                .expectEvents(new Grant.AttemptFailed(GRANT, Grant.Operation.GRANT, 1, "The membership is being"
                        + " removed by grant " + OTHER.value() + ": granted again once it is gone",
                        AT.plusSeconds(2), AT));
    }

    @Test
    void aProvisioningDoneOnceTheOtherGrantsRemovalIsOverIsProvisioned() {
        others.removing(OTHER);
        TestExecutor<Grant> askedAgain = fixture.givenCommands(open(null),
                report(Grant.Operation.GRANT, 1, new Connector.Result.Done("Users/1 in Groups/2"), null, "cmd-ack"));
        others.removing(null);
        askedAgain.when(report(Grant.Operation.GRANT, 2, new Connector.Result.Done("Users/1 in Groups/2"), null,
                        "cmd-ack-2"))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.instanceOf(AccessProvisioned.class)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }
}
