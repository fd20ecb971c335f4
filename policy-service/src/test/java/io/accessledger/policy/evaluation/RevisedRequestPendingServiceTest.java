package io.accessledger.policy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.policy.ConflictFlagged;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.request.RequestRevised;
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
 * The whole policy-service (real broker, real PostgreSQL, the demo policy): a request in flight counts against the
 * beneficiary's other requests' separation of duties as what it asks for now. One returned and revised from
 * {@code netsuite-gl:read} to {@code netsuite-gl:post-journal} is pending as {@code post-journal}, so a later request
 * for {@code netsuite-gl:approve-journal} is flagged (SOD-FIN-002, a pending conflict); before, the view of what is in
 * flight kept the first-submitted {@code read} and the conflict went unflagged.
 */
class RevisedRequestPendingServiceTest {
    private static final EmployeeId ACCOUNTANT = EmployeeId.of("E4501");
    private static RunningService service;

    @BeforeAll
    static void startService() {
        service = RunningService.start(PolicyServiceApplication.application(), "policy_revised_pending");
        service.publish(new EmployeeHired(newId(), ACCOUNTANT, new EmployeeProfile(ACCOUNTANT, "Lena Brandt",
                "lena.brandt@example.com", "Finance", "Accountant", EmployeeId.of("E1031"), null,
                EmploymentStatus.ACTIVE, LocalDate.parse("2026-01-05"), null, true), LocalDate.parse("2026-01-05"),
                "workday", Instant.now().minusSeconds(3600)), "request-service");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> service.bean(AccessView.class).person(ACCOUNTANT).isPresent());
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aRevisedRequestInFlightConflictsWithALaterRequestAsRevised() {
        RequestId revised = submit("read");
        awaitVerdicts(revised, 1);
        service.publish(new RequestRevised(newId(), revised, ACCOUNTANT, "Posting the month-end journals",
                "post-journal", null, Instant.now()), "request-service");
        awaitVerdicts(revised, 2);

        RequestId later = submit("approve-journal");

        PolicyEvaluated verdict = awaitVerdicts(later, 1).get(0);
        assertThat(verdict.findings()).extracting(finding -> finding.rule()).contains("sodConflict");
        List<ConflictFlagged> conflicts = service.published(Topic.POLICY, later.value(), ConflictFlagged.class);
        assertThat(conflicts).extracting(ConflictFlagged::ruleId, ConflictFlagged::conflictingEntitlement)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SOD-FIN-002",
                        Entitlement.parse("netsuite-gl:post-journal")));
    }

    private static RequestId submit(String level) {
        RequestId request = RequestId.of("R-revised-" + UUID.randomUUID());
        service.publish(new RequestSubmitted(newId(), request, null, ACCOUNTANT, ACCOUNTANT, "netsuite-gl", level,
                "Month-end close for the general ledger", null, null, RequestSource.PORTAL, false, List.of(),
                Instant.now()), "request-service");
        return request;
    }

    private static List<PolicyEvaluated> awaitVerdicts(RequestId request, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> service.published(Topic.POLICY, request.value(),
                PolicyEvaluated.class).size() >= count);
        return service.published(Topic.POLICY, request.value(), PolicyEvaluated.class);
    }

    private static EventId newId() {
        return EventId.of(UUID.randomUUID().toString());
    }
}
