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
 * transfer that caused it reaches the access view (topics are not ordered with each other). It is evaluated against
 * the new position, not the old one, because it waits for its cause.
 */
class HrisRequestsWaitForTheirCauseServiceTest {
    private static final EmployeeId MOVER = EmployeeId.of("E3001");
    private static RunningService service;

    @BeforeAll
    static void startService() {
        service = RunningService.start(PolicyServiceApplication.application(), "policy_hris_cause",
                "--accessledger.policy.identity-grace=PT30S");
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    private static EmployeeProfile as(String department, String jobTitle) {
        return new EmployeeProfile(MOVER, "Noor Haddad", "noor.haddad@example.com", department, jobTitle,
                EmployeeId.of("E1031"), null, EmploymentStatus.ACTIVE, LocalDate.parse("2026-06-01"), null, true);
    }

    @Test
    void aMoversRequestThatOvertakesItsTransferIsEvaluatedAgainstTheNewPosition() {
        service.publish(new EmployeeHired(EventId.of(UUID.randomUUID().toString()), MOVER,
                as("Marketing", "Campaign Manager"), LocalDate.parse("2025-01-06"), "workday",
                Instant.now().minusSeconds(3600)), "request-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(AccessView.class).person(MOVER).isPresent());

        // The move's request (jira:edit is in the Software Engineer profile, not the Campaign Manager's) arrives first.
        EventId transfer = EventId.of(UUID.randomUUID().toString());
        RequestId request = RequestId.of("R-mover-" + UUID.randomUUID());
        service.publish(new RequestSubmitted(EventId.of(UUID.randomUUID().toString()), request, null,
                EmployeeId.of("accessledger-hris"), MOVER, "jira", "edit",
                "Standard access of the Engineering / Software Engineer profile; moved from Marketing on today",
                null, null, RequestSource.HRIS_MOVER, false, List.of(), Instant.now()), "request-service",
                transfer.value());
        await("not evaluated before its cause is known").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> service.published(Topic.POLICY, request.value(), PolicyEvaluated.class).isEmpty());
        Instant moved = Instant.now();
        service.publish(new EmployeeTransferred(transfer, MOVER, as("Engineering", "Software Engineer"), "Marketing",
                "Campaign Manager", EmployeeId.of("E1031"), LocalDate.now(), "workday", moved), "request-service");

        await().atMost(Duration.ofSeconds(60)).until(() -> !service.published(Topic.POLICY, request.value(),
                PolicyEvaluated.class).isEmpty());
        PolicyEvaluated verdict = service.published(Topic.POLICY, request.value(), PolicyEvaluated.class).get(0);
        assertThat(verdict.findings()).extracting(finding -> finding.rule()).doesNotContain("exceedsStandardProfile",
                "unknownBeneficiary");
        assertThat(verdict.autoApprovable()).isTrue();
        assertThat(verdict.occurredAt()).isAfter(moved);
    }
}
