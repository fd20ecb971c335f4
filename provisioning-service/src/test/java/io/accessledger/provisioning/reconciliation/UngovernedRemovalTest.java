package io.accessledger.provisioning.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.provisioning.UngovernedAccessRemoved;
import io.accessledger.events.provisioning.UngovernedHandling;
import io.accessledger.provisioning.connectors.Assignment;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.provisioning.connectors.ConnectorFailure;
import io.accessledger.provisioning.connectors.TargetSettings;
import io.accessledger.provisioning.connectors.Targets;
import io.accessledger.provisioning.reconciliation.UngovernedRemoval.RecordRemovalRetry;
import io.accessledger.provisioning.reconciliation.UngovernedRemoval.RemoveUngovernedAccess;
import io.accessledger.provisioning.reconciliation.UngovernedRemoval.Removing;
import io.accessledger.provisioning.reconciliation.UngovernedRemoval.RetryUngovernedRemoval;
import io.accessledger.provisioning.reconciliation.UngovernedRemoval.UngovernedRemovalRetried;
import io.accessledger.spine.commands.Refused;
import io.accessledger.provisioning.reconciliation.UngovernedRemoval.UngovernedRemovalDone;
import io.accessledger.provisioning.reconciliation.UngovernedRemoval.UngovernedRemovalFailed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;

/**
 * The removal of one ungoverned member: the connector is asked (with bounded retries through the injected pause),
 * and what came of it is recorded once, at the instant the command carries (the injected clock's).
 */
class UngovernedRemovalTest {
    private static final Instant AT = Instant.parse("2026-11-03T10:00:00Z");
    private static final Entitlement LAB_READ = Entitlement.parse("lab-app:read");
    private static final String FINDING = "F-0b5f7c1e-0000-5000-8000-000000000001";
    private static final String ID = UngovernedRemoval.forRequest("00000000-0000-4000-8000-000000000042");
    private static final Connector.Member MALLORY = new Connector.Member("u-77", "mallory@example.com");
    private static final EmployeeId OWNER = EmployeeId.of("E1040");
    /** max-retries 2, retry-wait 5 s, max-wait 30 s. */
    private static final ReconciliationSettings SETTINGS = new ReconciliationSettings(1, Duration.ofMinutes(5), 2,
            Duration.ofSeconds(5), Duration.ofSeconds(30));

    private final AggregateTestFixture<UngovernedRemoval> fixture = new AggregateTestFixture<>(UngovernedRemoval.class);
    private final Scripted connector = new Scripted();
    private final List<Duration> waits = new ArrayList<>();
    private final ActiveGrants activeGrants = mock(ActiveGrants.class);

    @BeforeEach
    void remover() throws IOException {
        Binder binder = new Binder(ConfigurationPropertySources.from(new YamlPropertySourceLoader().load("user.yml",
                new ByteArrayResource("""
                        accessledger.provisioning.targets:
                          lab: {type: scripted, groups: [{entitlement: "lab-app:read", group: Lab Readers}]}
                        """.getBytes(StandardCharsets.UTF_8)))));
        fixture.registerInjectableResource(new UngovernedRemover(Targets.from(binder, List.of(connector)),
                List.of(connector), SETTINGS, waits::add, activeGrants));
    }

    private static RemoveUngovernedAccess remove(String target) {
        return new RemoveUngovernedAccess(ID, FINDING, target, LAB_READ, "Lab Readers", MALLORY,
                UngovernedHandling.REVIEW, OWNER, AT);
    }

    private static UngovernedAccessRemoved removed() {
        return new UngovernedAccessRemoved(EventId.of(Ids.nameBased("ungoverned-removal/" + ID + "/removed")),
                FINDING, "lab", LAB_READ, "Lab Readers", "u-77", "mallory@example.com", UngovernedHandling.REVIEW,
                OWNER, AT);
    }

    @Test
    void theMemberTakenOutIsRecordedAsRemovedByTheReviewer() {

        fixture.givenNoPriorActivity().when(remove("lab")).expectSuccessfulHandlerExecution()
                .expectEvents(new UngovernedRemovalDone(ID, FINDING, "lab", "u-77", UngovernedHandling.REVIEW, 1,
                        "removed u-77", AT), removed());

        assertThat(connector.removed).containsExactly("u-77 from lab-app:read");
        assertThat(waits).isEmpty();
    }

    /**
     * The review decides days after the run that found Mallory; she was granted the entitlement meanwhile (the
     * connector found her in the group and counted it done): she is governed now, and is not taken out.
     */
    @Test
    void aMemberGrantedTheEntitlementSinceTheFindingIsNotTakenOutAndTheRemovalNamesTheGrant() {
        when(activeGrants.governing("lab", LAB_READ, AT)).thenReturn(List.of(
                new ReconciliationRules.ActiveGrant("G-7", "R-7", "E1090", "Mallory@Example.com")));

        fixture.givenNoPriorActivity().when(remove("lab"))
                .expectEvents(new UngovernedRemovalFailed(ID, FINDING, "lab", LAB_READ, "Lab Readers", "u-77",
                        "mallory@example.com", UngovernedHandling.REVIEW, OWNER, 0,
                        "Not removed: mallory@example.com holds grant G-7 of lab-app:read on target lab, granted "
                                + "since the finding; the member is governed now", AT));

        assertThat(connector.removed).isEmpty();
    }

    @Test
    void anotherPersonsGrantOfTheEntitlementDoesNotKeepTheMemberIn() {
        when(activeGrants.governing(any(), any(), any())).thenReturn(List.of(
                new ReconciliationRules.ActiveGrant("G-8", "R-8", "E1091", "ada@example.com")));

        fixture.givenNoPriorActivity().when(remove("lab"))
                .expectEvents(new UngovernedRemovalDone(ID, FINDING, "lab", "u-77", UngovernedHandling.REVIEW, 1,
                        "removed u-77", AT), removed());

        assertThat(connector.removed).containsExactly("u-77 from lab-app:read");
    }

    @Test
    void transientFailuresAreAskedAgainAfterTheTargetsRetryAfterOrTheDefaultWait() {
        connector.answers.add(ConnectorFailure.transientFailure("429 slow down", Duration.ofSeconds(3), null));
        connector.answers.add(ConnectorFailure.transientFailure("503 down", null, null));

        fixture.givenNoPriorActivity().when(remove("lab"))
                .expectEvents(new UngovernedRemovalDone(ID, FINDING, "lab", "u-77", UngovernedHandling.REVIEW, 3,
                        "removed u-77", AT), removed());

        assertThat(waits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    @Test
    void aPermanentRefusalIsRecordedAsFailedWithTheTargetsAnswerAndNothingIsPublished() {
        connector.answers.add(ConnectorFailure.permanent("403 not allowed to change Lab Readers"));

        fixture.givenNoPriorActivity().when(remove("lab"))
                .expectEvents(new UngovernedRemovalFailed(ID, FINDING, "lab", LAB_READ, "Lab Readers", "u-77",
                        "mallory@example.com", UngovernedHandling.REVIEW, OWNER, 1,
                        "403 not allowed to change Lab Readers", AT));
    }

    @Test
    void retriesSpentAreRecordedAsFailedWithTheLastAnswerAndEveryWaitCapped() {
        for (int i = 0; i < 3; i++) {
            connector.answers.add(ConnectorFailure.transientFailure("429 try in an hour", Duration.ofHours(1), null));
        }

        fixture.givenNoPriorActivity().when(remove("lab"))
                .expectEvents(new UngovernedRemovalFailed(ID, FINDING, "lab", LAB_READ, "Lab Readers", "u-77",
                        "mallory@example.com", UngovernedHandling.REVIEW, OWNER, 3, "429 try in an hour", AT));

        assertThat(waits).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void aTargetThatIsNotConfiguredFailsWithoutCallingAnything() {
        fixture.givenNoPriorActivity().when(remove("gone"))
                .expectEvents(new UngovernedRemovalFailed(ID, FINDING, "gone", LAB_READ, "Lab Readers", "u-77",
                        "mallory@example.com", UngovernedHandling.REVIEW, OWNER, 0,
                        "No provisioning target 'gone' is configured", AT));
        assertThat(connector.removed).isEmpty();
    }

    @Test
    void theSameRemovalAgainCallsNoTargetAndRecordsNothing() {
        fixture.given(new UngovernedRemovalDone(ID, FINDING, "lab", "u-77", UngovernedHandling.REVIEW, 1,
                "removed u-77", AT), removed()).when(remove("lab")).expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(new UngovernedRemovalFailed(ID, FINDING, "lab", LAB_READ, "Lab Readers", "u-77",
                "mallory@example.com", UngovernedHandling.REVIEW, OWNER, 1, "403", AT)).when(remove("lab"))
                .expectNoEvents();

        assertThat(connector.removed).isEmpty();
    }

    private static final EmployeeId IAM = EmployeeId.of("E1002");
    private static final Instant RETRY_AT = AT.plus(Duration.ofHours(2));

    private static UngovernedRemovalFailed failed(String answer, Instant at) {
        return new UngovernedRemovalFailed(ID, FINDING, "lab", LAB_READ, "Lab Readers", "u-77", "mallory@example.com",
                UngovernedHandling.REVIEW, OWNER, 1, answer, at);
    }

    @Test
    void aFailedRemovalIsSentBackToItsTargetAndAnswersWhatToRemoveAsTheFirstAttemptAsked() {
        fixture.given(failed("503 down", AT)).when(new RetryUngovernedRemoval(ID, IAM, RETRY_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UngovernedRemovalRetried(ID, IAM, RETRY_AT))
                .expectResultMessagePayload(new Removing("lab", LAB_READ, MALLORY));
        assertThat(connector.removed).as("the aggregate calls no target for a retry").isEmpty();
    }

    @Test
    void aRemovedRemovalIsNotRetried() {
        fixture.given(new UngovernedRemovalDone(ID, FINDING, "lab", "u-77", UngovernedHandling.REVIEW, 1,
                "removed u-77", AT), removed()).when(new RetryUngovernedRemoval(ID, IAM, RETRY_AT))
                .expectException(Refused.class).expectExceptionMessage("Removal " + ID + " has not failed (it is REMOVED)")
                .expectNoEvents();
    }

    @Test
    void aRemovalBeingRetriedIsNotRetriedAgainUntilThatRetryIsStale() {
        fixture.given(failed("503 down", AT), new UngovernedRemovalRetried(ID, IAM, RETRY_AT))
                .when(new RetryUngovernedRemoval(ID, IAM, RETRY_AT.plus(Duration.ofMinutes(29))))
                .expectException(Refused.class).expectExceptionMessage("Removal " + ID
                        + " has not failed (it is RETRYING)")
                .expectNoEvents();
        Instant stale = RETRY_AT.plus(UngovernedRemovalRules.STALE_AFTER);
        fixture.given(failed("503 down", AT), new UngovernedRemovalRetried(ID, IAM, RETRY_AT))
                .when(new RetryUngovernedRemoval(ID, IAM, stale))
                .expectEvents(new UngovernedRemovalRetried(ID, IAM, stale));
    }

    @Test
    void aRetryTheTargetAnsweredDoneRecordsTheRemovalAndPublishesItWithTheFirstCauseAndTheMembersName() {
        fixture.given(failed("503 down", AT), new UngovernedRemovalRetried(ID, IAM, RETRY_AT))
                .when(new RecordRemovalRetry(ID, new UngovernedRemover.Outcome.Removed("removed u-77", 1), RETRY_AT))
                .expectEvents(new UngovernedRemovalDone(ID, FINDING, "lab", "u-77", UngovernedHandling.REVIEW, 1,
                        "removed u-77", RETRY_AT),
                        new UngovernedAccessRemoved(EventId.of(Ids.nameBased("ungoverned-removal/" + ID + "/removed")),
                                FINDING, "lab", LAB_READ, "Lab Readers", "u-77", "mallory@example.com",
                                UngovernedHandling.REVIEW, OWNER, RETRY_AT));
    }

    @Test
    void aRetryTheTargetRefusedAgainStaysFailedWithTheNewAnswer() {
        fixture.given(failed("503 down", AT), new UngovernedRemovalRetried(ID, IAM, RETRY_AT))
                .when(new RecordRemovalRetry(ID, new UngovernedRemover.Outcome.Failed("403 read-only group", 1),
                        RETRY_AT))
                .expectEvents(failed("403 read-only group", RETRY_AT));
    }

    @Test
    void anAnswerForARemovalThatIsNotBeingRetriedIsNotRecorded() {
        fixture.given(failed("503 down", AT))
                .when(new RecordRemovalRetry(ID, new UngovernedRemover.Outcome.Removed("removed u-77", 1), RETRY_AT))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    /** Answers each removal with the next scripted failure, and done once none is left. */
    private static final class Scripted implements Connector {
        final Deque<ConnectorFailure> answers = new ArrayDeque<>();
        final List<String> removed = new ArrayList<>();

        @Override
        public String type() {
            return "scripted";
        }

        @Override
        public Result grant(Assignment assignment, TargetSettings target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Result revoke(Assignment assignment, TargetSettings target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Result removeMember(TargetSettings target, Entitlement entitlement, Member member) {
            ConnectorFailure next = answers.isEmpty() ? null : answers.poll();
            if (next != null) {
                throw next;
            }
            removed.add(member.targetId() + " from " + entitlement);
            return new Result.Done("removed " + member.targetId());
        }
    }
}
