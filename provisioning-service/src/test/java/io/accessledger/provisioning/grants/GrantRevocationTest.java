package io.accessledger.provisioning.grants;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.FulfilmentTaskOpened;
import io.accessledger.provisioning.connectors.Connector;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
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

    private AggregateTestFixture<Grant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Grant.class);
    }

    private TestExecutor<Grant> opened() {
        return fixture.givenCommands(new Grant.OpenGrant(GRANT, REQUEST, LEAVER, ENTITLEMENT, "okta-scim", null,
                Duration.ofDays(90), BY_HAND, null, "cmd-open", AT));
    }

    private TestExecutor<Grant> provisioned() {
        return opened().andGivenCommands(new Grant.CompleteFulfilment(GRANT, GRANT_TASK, IAM_ANALYST, Set.of("IAM"),
                "CHG1", "cmd-complete", AT));
    }

    private static Grant.RevokeGrant revoke(Connector.Result result, String commandId) {
        return new Grant.RevokeGrant(GRANT, RevocationReason.LEAVER, null, result, commandId, AT);
    }

    private static EventId eventId(String commandId) {
        return EventId.of(Ids.nameBased(commandId + "/0"));
    }

    @Test
    void aManualRevocationOpensARevokeTaskForTheQueue() {
        provisioned().when(revoke(BY_HAND, "cmd-revoke"))
                .expectEvents(new FulfilmentTaskOpened(eventId("cmd-revoke"), GRANT, REQUEST, REVOKE_TASK, LEAVER,
                                ENTITLEMENT, "okta-scim", "REVOKE", null, "IAM", AT),
                        new Grant.RevocationStarted(GRANT, RevocationReason.LEAVER, AT));
    }

    @Test
    void completingTheRevokeTaskRevokesTheGrantWithItsReason() {
        provisioned().andGivenCommands(revoke(BY_HAND, "cmd-revoke"))
                .when(new Grant.CompleteFulfilment(GRANT, REVOKE_TASK, IAM_ANALYST, Set.of("IAM"), "removed",
                        "cmd-done", AT))
                .expectEvents(new AccessRevoked(eventId("cmd-done"), GRANT, REQUEST, LEAVER, ENTITLEMENT, "okta-scim",
                        RevocationReason.LEAVER, IAM_ANALYST, AT));
    }

    @Test
    void aConnectorThatRevokesAtOnceRevokesTheGrant() {
        provisioned().when(revoke(new Connector.Result.Done("scim-patch-1"), "cmd-revoke"))
                .expectEvents(new AccessRevoked(eventId("cmd-revoke"), GRANT, REQUEST, LEAVER, ENTITLEMENT,
                        "okta-scim", RevocationReason.LEAVER, null, AT));
    }

    @Test
    void anExpiredGrantEndsAsExpiredAtItsExpiryTime() {
        Instant expiry = AT.plus(Duration.ofDays(30));
        fixture.givenCommands(new Grant.OpenGrant(GRANT, REQUEST, LEAVER, ENTITLEMENT, "okta-scim",
                        new io.accessledger.events.model.Conditions(Duration.ofDays(30), null, null),
                        Duration.ofDays(90), BY_HAND, null, "cmd-open", AT),
                        new Grant.CompleteFulfilment(GRANT, GRANT_TASK, IAM_ANALYST, Set.of("IAM"), "CHG1",
                                "cmd-complete", AT),
                        new Grant.RevokeGrant(GRANT, RevocationReason.EXPIRED, null, BY_HAND, "cmd-expire", expiry))
                .when(new Grant.CompleteFulfilment(GRANT, REVOKE_TASK, IAM_ANALYST, Set.of("IAM"), "removed",
                        "cmd-done", expiry.plusSeconds(60)))
                .expectEvents(new io.accessledger.events.provisioning.AccessExpired(eventId("cmd-done"), GRANT, REQUEST,
                        LEAVER, ENTITLEMENT, "okta-scim", expiry, expiry.plusSeconds(60)));
    }

    @Test
    void aSecondRevocationRequestChangesNothing() {
        provisioned().andGivenCommands(revoke(BY_HAND, "cmd-revoke"))
                .when(revoke(BY_HAND, "cmd-revoke-again")).expectNoEvents();
    }

    @Test
    void aGrantNotYetProvisionedIsNotRevokedHere() {
        opened().when(revoke(BY_HAND, "cmd-revoke")).expectNoEvents();
    }

    @Test
    void onlyTheQueueOrAssigneeCompletesARevocation() {
        provisioned().andGivenCommands(revoke(BY_HAND, "cmd-revoke"))
                .when(new Grant.CompleteFulfilment(GRANT, REVOKE_TASK, OUTSIDER, Set.of(), "x", "cmd-done", AT))
                .expectException(Grant.FulfilmentRefused.class).expectNoEvents();
    }
}
