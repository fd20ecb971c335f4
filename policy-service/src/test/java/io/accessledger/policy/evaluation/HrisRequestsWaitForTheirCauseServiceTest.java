package io.accessledger.policy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.policy.PolicyServiceApplication;
import io.accessledger.policy.access.AccessView;
import io.accessledger.spine.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole policy-service (real broker, real PostgreSQL, the demo policy): a mover's request can arrive before the
 * transfer that caused it reaches the access view, and anyone's request before their hire (topics are not ordered
 * with each other). It is evaluated against the new position, not the old one or none, because it waits — parked,
 * with no time bound but the spine's park-max-age — for its cause; a request for someone known waits for nothing.
 */
class HrisRequestsWaitForTheirCauseServiceTest {
    private static final EmployeeId MOVER = EmployeeId.of("E3001");
    private static RunningService service;

    @BeforeAll
    static void startService() {
        service = RunningService.start(PolicyServiceApplication.application(), "policy_hris_cause",
                "--accessledger.spine.park-backoff=200ms", "--accessledger.spine.park-poll-interval=200ms");
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    private static EmployeeProfile as(EmployeeId person, String department, String jobTitle) {
        return new EmployeeProfile(person, "Noor Haddad", "noor.haddad@example.com", department, jobTitle,
                EmployeeId.of("E1031"), null, EmploymentStatus.ACTIVE, LocalDate.parse("2026-06-01"), null, true);
    }

    @Test
    void aMoversRequestThatOvertakesItsTransferIsEvaluatedAgainstTheNewPosition() {
        aMoversRequestWaitsForItsTransfer(MOVER, Instant.now());
    }

    @Test
    void aMoversRequestThatArrivesLongBeforeItsTransferStillWaitsForIt() {
        // Submitted 20 s ago (the request lagged behind on its topic, or the access view is far behind): no grace
        // period runs out, the request waits for its cause however late that is.
        aMoversRequestWaitsForItsTransfer(EmployeeId.of("E3002"), Instant.now().minusSeconds(20));
    }

    /** The move's request (jira:edit is in the Software Engineer profile, not the Campaign Manager's) arrives first. */
    private static void aMoversRequestWaitsForItsTransfer(EmployeeId mover, Instant submittedAt) {
        hire(mover, "Marketing", "Campaign Manager");
        EventId transfer = EventId.of(UUID.randomUUID().toString());
        RequestId request = submit(mover, RequestSource.HRIS_MOVER, transfer.value(), submittedAt);
        awaitStillUnjudged(request, "not evaluated before its cause is known");
        Instant moved = Instant.now();
        service.publish(new EmployeeTransferred(transfer, mover, as(mover, "Engineering", "Software Engineer"),
                "Marketing", "Campaign Manager", EmployeeId.of("E1031"), LocalDate.now(), "workday", moved),
                "request-service");

        assertJudgedAsASoftwareEngineer(awaitVerdict(request), moved);
    }

    @Test
    void aRequestForSomeoneNotKnownYetWaitsForTheirHireInsteadOfBeingJudgedUnknown() {
        EmployeeId joiner = EmployeeId.of("E3003");
        RequestId request = submit(joiner, RequestSource.PORTAL, null, Instant.now().minusSeconds(20));
        awaitStillUnjudged(request, "not evaluated while the beneficiary is unknown");
        Instant hired = Instant.now();
        hire(joiner, "Engineering", "Software Engineer");

        assertJudgedAsASoftwareEngineer(awaitVerdict(request), hired);
    }

    @Test
    void aPortalRequestForAKnownEmployeeIsEvaluatedWithoutWaiting() {
        EmployeeId known = EmployeeId.of("E3004");
        hire(known, "Engineering", "Software Engineer");
        RequestId request = submit(known, RequestSource.PORTAL, UUID.randomUUID().toString(), Instant.now());

        await().atMost(Duration.ofSeconds(10)).until(() -> !verdicts(request).isEmpty());
        assertThat(service.jdbc().queryForObject("select count(*) from inbound_parked where record_key = ?",
                Integer.class, request.value())).isZero();
    }

    private static void hire(EmployeeId person, String department, String jobTitle) {
        service.publish(new EmployeeHired(EventId.of(UUID.randomUUID().toString()), person,
                as(person, department, jobTitle), LocalDate.parse("2025-01-06"), "workday",
                Instant.now().minusSeconds(3600)), "request-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(AccessView.class).person(person).isPresent());
    }

    /** A request for jira:edit (in the Software Engineer profile only), caused by {@code causationId}. */
    private static RequestId submit(EmployeeId beneficiary, RequestSource source, String causationId, Instant at) {
        RequestId request = RequestId.of("R-" + source.name().toLowerCase() + "-" + UUID.randomUUID());
        EmployeeId requester = source == RequestSource.PORTAL ? beneficiary : EmployeeId.of("accessledger-hris");
        service.publish(new RequestSubmitted(EventId.of(UUID.randomUUID().toString()), request, null, requester,
                beneficiary, "jira", "edit", "Needed to work on the sprint board of my new team", null, null, source,
                false, List.of(), at), "request-service", causationId);
        return request;
    }

    private static List<PolicyEvaluated> verdicts(RequestId request) {
        return service.published(Topic.POLICY, request.value(), PolicyEvaluated.class);
    }

    private static void awaitStillUnjudged(RequestId request, String why) {
        await(why).during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> verdicts(request).isEmpty());
    }

    /** jira:edit judged with the new identity (a Software Engineer: in profile, auto-approvable), after it arrived. */
    private static void assertJudgedAsASoftwareEngineer(PolicyEvaluated verdict, Instant identityArrived) {
        assertThat(verdict.findings()).extracting(finding -> finding.rule()).doesNotContain("exceedsStandardProfile",
                "unknownBeneficiary");
        assertThat(verdict.autoApprovable()).isTrue();
        assertThat(verdict.occurredAt()).isAfter(identityArrived);
    }

    private static PolicyEvaluated awaitVerdict(RequestId request) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !verdicts(request).isEmpty());
        return verdicts(request).get(0);
    }
}
