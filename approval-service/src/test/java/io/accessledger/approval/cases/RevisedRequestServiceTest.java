package io.accessledger.approval.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.approval.ApprovalServiceApplication;
import io.accessledger.approval.directory.DirectoryView;
import io.accessledger.approval.inbox.InboxView;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.Stage;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.spine.inbound.HandledEvents;
import io.accessledger.spine.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole approval-service (real broker, real PostgreSQL): a request returned for revision comes back with another
 * access level, justification and duration ({@code RequestRevised}) and a new verdict. The approver of the new round
 * sees the request as revised, not as first submitted, and the grant is bounded by the revised duration: a requester
 * asked to "limit it to a week" who revises to P7D gets a week, not the 90 days of the first submission.
 */
class RevisedRequestServiceTest {
    private static final EmployeeId MANAGER = EmployeeId.of("E4401");
    private static final EmployeeId BENEFICIARY = EmployeeId.of("E4402");
    private static RunningService service;

    @BeforeAll
    static void startService() {
        service = RunningService.start(ApprovalServiceApplication.application(), "approval_revised_request");
        service.publish(new EmployeeHired(newId(), BENEFICIARY, new EmployeeProfile(BENEFICIARY, "Sam Okafor",
                "sam.okafor@example.com", "Finance", "Analyst", MANAGER, null, EmploymentStatus.ACTIVE,
                LocalDate.parse("2026-01-05"), null, true), LocalDate.parse("2026-01-05"), "workday",
                Instant.now().minusSeconds(3600)), "request-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(DirectoryView.class)
                .managerChain(BENEFICIARY).equals(List.of(MANAGER)));
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theApproverOfARevisedRequestSeesItAsRevised() {
        Revised revised = returnAndRevise();

        await().atMost(Duration.ofSeconds(60)).until(() -> inboxTask(revised.task()).isPresent());
        InboxView.TaskRequest shown = inboxTask(revised.task()).orElseThrow().request();
        assertThat(shown.entitlement()).isEqualTo("netsuite:edit");
        assertThat(shown.justification()).isEqualTo("Posting the month-end journals, for one week only");
        assertThat(shown.accessDuration()).isEqualTo("P7D");
    }

    @Test
    void aRevisedDurationBoundsTheGrantNotTheFirstSubmittedOne() {
        Revised revised = returnAndRevise();

        decide(revised.request(), revised.task(), Outcome.APPROVE, null);

        await().atMost(Duration.ofSeconds(60)).until(() -> !approvals(revised.request()).isEmpty());
        AccessApproved approved = approvals(revised.request()).get(0);
        assertThat(approved.entitlement()).isEqualTo(Entitlement.parse("netsuite:edit"));
        assertThat(approved.conditions().accessDuration()).isEqualTo(Duration.ofDays(7));
    }

    private record Revised(RequestId request, TaskId task) {
    }

    /** netsuite:view for 90 days, returned by the manager, revised to netsuite:edit for 7 days and judged again. */
    private static Revised returnAndRevise() {
        RequestId request = RequestId.of("R-revised-" + UUID.randomUUID());
        Instant at = Instant.now();
        service.publish(new RequestSubmitted(newId(), request, null, BENEFICIARY, BENEFICIARY, "netsuite", "view",
                "Month-end close", Duration.ofDays(90), null, RequestSource.PORTAL, false, List.of(), at),
                "request-service");
        service.publish(evaluated(request, "view", at.plusSeconds(1)), "policy-service");
        TaskId first = awaitTasks(request, 1).get(0).taskId();
        decide(request, first, Outcome.RETURN, "Which journals? A week should be enough");

        RequestRevised revision = new RequestRevised(newId(), request, BENEFICIARY,
                "Posting the month-end journals, for one week only", "edit", Duration.ofDays(7), at.plusSeconds(60));
        service.publish(revision, "request-service");
        service.publish(evaluated(request, "edit", at.plusSeconds(61)), "policy-service");
        TaskId second = awaitTasks(request, 2).get(1).taskId();
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(HandledEvents.class)
                .handled("case-driver", revision.eventId().value()));
        return new Revised(request, second);
    }

    private static PolicyEvaluated evaluated(RequestId request, String level, Instant at) {
        return new PolicyEvaluated(newId(), request, "3", BENEFICIARY, new Entitlement("netsuite", level),
                new ResourceSnapshot("netsuite", "NetSuite", "manual", null, Sensitivity.HIGH, List.of(), false),
                List.of(), Sensitivity.HIGH, List.of(Stage.MANAGER), false, Duration.ofDays(365),
                Duration.ofDays(90), at);
    }

    private static void decide(RequestId request, TaskId task, Outcome outcome, String reason) {
        service.bean(CommandGateway.class).sendAndWait(new ApprovalCase.DecideTask(request, task, MANAGER, Set.of(),
                outcome, reason, null, null, UUID.randomUUID().toString(), Instant.now()));
    }

    private static List<ApprovalTaskOpened> awaitTasks(RequestId request, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> service.published(Topic.APPROVAL, request.value(),
                ApprovalTaskOpened.class).size() >= count);
        return service.published(Topic.APPROVAL, request.value(), ApprovalTaskOpened.class);
    }

    private static List<AccessApproved> approvals(RequestId request) {
        return service.published(Topic.APPROVAL, request.value(), AccessApproved.class);
    }

    private static Optional<InboxView.Task> inboxTask(TaskId task) {
        return service.bean(InboxView.class).tasksOf(MANAGER, Set.of(), "OPEN", null).stream()
                .filter(t -> t.taskId().equals(task.value())).findFirst();
    }

    private static EventId newId() {
        return EventId.of(UUID.randomUUID().toString());
    }
}
