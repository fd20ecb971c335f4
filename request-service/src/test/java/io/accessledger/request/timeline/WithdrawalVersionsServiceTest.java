package io.accessledger.request.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.Stage;
import io.accessledger.events.model.WithdrawalReason;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.request.RequestServiceApplication;
import io.accessledger.spine.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution, end to end: a request topic that holds a {@code RequestWithdrawn.v1} (written before v2, with a
 * free-text reason) and a {@code .v2} (structured withdrawal) replays into the same request view — the spine's codec
 * upcasts v1 for every consumer.
 */
class WithdrawalVersionsServiceTest {
    private static final EmployeeId ALICE = EmployeeId.of("E1001");
    private static final Instant AT = Instant.parse("2026-11-02T09:15:30Z");
    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(RequestServiceApplication.application(), "withdrawal_versions");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aLogHoldingBothVersionsOfAWithdrawalReplaysIntoTheSameView() {
        RequestId a = submitted();
        RequestId b = submitted();
        String v1Id = UUID.randomUUID().toString();
        String v1 = "{\"eventId\":\"" + v1Id + "\",\"requestId\":\"" + a.value()
                + "\",\"withdrawnBy\":\"E1001\",\"reason\":\"Changed teams\",\"occurredAt\":\"" + AT.plusSeconds(60)
                + "\"}";
        service.publishRaw(Topic.REQUEST, "accessledger.request.withdrawn.v1", a.value(), v1Id,
                AT.plusSeconds(60), v1, "request-service");
        service.publish(new RequestWithdrawn(EventId.of(UUID.randomUUID().toString()), b, ALICE,
                WithdrawalReason.byRequester("Changed teams"), AT.plusSeconds(60)), "request-service");

        RequestView view = service.bean(RequestView.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> List.of(a, b).stream()
                .allMatch(id -> view.find(id.value()).map(r -> "WITHDRAWN".equals(r.status())).orElse(false)));

        RequestView.TimelineEntry fromV1 = withdrawal(view, a);
        RequestView.TimelineEntry fromV2 = withdrawal(view, b);
        assertThat(fromV1.reason()).isEqualTo(fromV2.reason()).isEqualTo("Changed teams");
        assertThat(fromV1.actorId()).isEqualTo(fromV2.actorId()).isEqualTo("E1001");
        assertThat(fromV1.at()).isEqualTo(fromV2.at());
        assertThat(details(fromV1).get("withdrawal")).isEqualTo(details(fromV2).get("withdrawal"))
                .isEqualTo(Map.of("code", "REQUESTER", "text", "Changed teams"));
        assertThat(details(fromV1)).doesNotContainKey("reason");
    }

    @Test
    void anApprovalTaskOpenedJustAfterTheWithdrawalLeavesTheRequestWithdrawnInEitherOrder() {
        RequestId withdrawalFirst = submitted();
        withdraw(withdrawalFirst);
        taskOpenedAfterTheWithdrawal(withdrawalFirst);
        RequestId taskFirst = submitted();
        taskOpenedAfterTheWithdrawal(taskFirst);
        withdraw(taskFirst);

        RequestView view = service.bean(RequestView.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> List.of(withdrawalFirst, taskFirst).stream().allMatch(
                id -> view.find(id.value()).map(r -> r.timeline().size() == 3).orElse(false)));

        assertThat(view.find(withdrawalFirst.value()).orElseThrow().status()).isEqualTo("WITHDRAWN");
        assertThat(view.find(taskFirst.value()).orElseThrow().status()).isEqualTo("WITHDRAWN");
    }

    private static void withdraw(RequestId request) {
        service.publish(new RequestWithdrawn(EventId.of(UUID.randomUUID().toString()), request, ALICE,
                WithdrawalReason.byRequester("Not needed any more"), AT.plusSeconds(5)), "request-service");
    }

    /** approval-service had not read the withdrawal yet: it opened the manager's task a moment after it. */
    private static void taskOpenedAfterTheWithdrawal(RequestId request) {
        service.publish(new ApprovalTaskOpened(EventId.of(UUID.randomUUID().toString()), request,
                TaskId.of("T-" + UUID.randomUUID()), Stage.MANAGER, EmployeeId.of("E1002"), null,
                AT.plus(Duration.ofDays(3)), AT.plusSeconds(7)), "approval-service");
    }

    private static RequestId submitted() {
        RequestId request = RequestId.of("R-" + UUID.randomUUID());
        service.publish(new RequestSubmitted(EventId.of(UUID.randomUUID().toString()), request, null, ALICE, ALICE,
                "salesforce", "edit", "Taking over the ACME account", null, null, RequestSource.PORTAL, false,
                List.of(), AT), "request-service");
        return request;
    }

    private static RequestView.TimelineEntry withdrawal(RequestView view, RequestId request) {
        return view.find(request.value()).orElseThrow().timeline().stream()
                .filter(entry -> entry.type().equals("RequestWithdrawn")).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(RequestView.TimelineEntry entry) {
        return (Map<String, Object>) entry.details();
    }
}
