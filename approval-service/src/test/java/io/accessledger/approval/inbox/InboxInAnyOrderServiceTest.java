package io.accessledger.approval.inbox;

import io.accessledger.spine.testing.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.approval.cases.ApprovalCase;
import io.accessledger.approval.directory.DirectoryView;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.approval.TaskEscalated;
import io.accessledger.events.approval.TaskReminded;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.Stage;
import io.accessledger.events.model.WithdrawalReason;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.spine.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inbox in any order across its topics: the request topic and the service's own approval topic are read
 * independently, so a request's withdrawal may reach the inbox before the task its case had opened; and whatever
 * stale tasks the inbox holds, the deadline watch still reaches every real overdue one.
 */
class InboxInAnyOrderServiceTest {
    private static final EmployeeId BENEFICIARY = EmployeeId.of("E2201");
    private static final EmployeeId MANAGER = EmployeeId.of("E2202");
    private static final EmployeeId DIRECTOR = EmployeeId.of("E2203");
    private static final EmployeeId GHOST_ASSIGNEE = EmployeeId.of("E2209");
    private static final SettableClock CLOCK = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static RunningService service;

    @BeforeAll
    static void startService() {
        service = RunningService.start(InboxFixture.onClock(CLOCK), "approval_any_order",
                InboxFixture.NO_SCHEDULED_WATCH);
        InboxFixture.hire(service, DIRECTOR, null);
        InboxFixture.hire(service, MANAGER, DIRECTOR);
        InboxFixture.hire(service, BENEFICIARY, MANAGER);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(DirectoryView.class)
                .managerChain(BENEFICIARY).equals(List.of(MANAGER, DIRECTOR)));
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aRequestWithdrawnBeforeItsTaskOpenedLeavesNoOpenTaskAndIsNeverRemindedOrEscalated() {
        RequestId request = RequestId.of("R-withdrawn-first");
        TaskId task = TaskId.of("T-withdrawn-first");
        Instant at = CLOCK.instant();
        service.publish(new RequestSubmitted(newId(), request, null, BENEFICIARY, BENEFICIARY, "netsuite", "view",
                "Month-end close", null, null, RequestSource.PORTAL, false, List.of(), at), "request-service");
        service.publish(new RequestWithdrawn(newId(), request, BENEFICIARY,
                WithdrawalReason.byRequester("Not needed after all"), at.plusSeconds(1)), "request-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> recorded(request, ApprovalCase.CaseWithdrawn.class) == 1);
        Instant due = at.plus(Duration.ofDays(3));
        service.publish(new ApprovalTaskOpened(newId(), request, task, Stage.MANAGER, MANAGER, null, due,
                at.plusMillis(500)), "approval-service");

        InboxView inbox = service.bean(InboxView.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> inbox.requestOf(task).isPresent());
        assertThat(inbox.tasksOf(MANAGER, Set.of(), "OPEN", null)).noneMatch(t -> t.taskId().equals(task.value()));
        assertThat(inbox.tasksOf(MANAGER, Set.of(), "WITHDRAWN", null)).anyMatch(t -> t.taskId().equals(task.value()));

        DeadlineWatch watch = service.bean(DeadlineWatch.class);
        CLOCK.set(due.minus(Duration.ofHours(1)));
        watch.watch();
        CLOCK.set(due.plus(Duration.ofMinutes(1)));
        watch.watch();
        List<InboxView.Due> overdue = new ArrayList<>();
        inbox.forEachOverdue(CLOCK.instant(), overdue::add);
        assertThat(overdue).noneMatch(d -> d.taskId().equals(task));
        assertThat(recorded(request, TaskReminded.class)).isZero();
        assertThat(recorded(request, TaskEscalated.class)).isZero();
    }

    @Test
    void aRealOverdueTaskIsEscalatedBehindMoreThanFiveHundredStaleOpenTasksDueBeforeIt() {
        InboxView inbox = service.bean(InboxView.class);
        Instant longAgo = CLOCK.instant().minus(Duration.ofDays(30));
        for (int i = 0; i < 501; i++) {
            ApprovalTaskOpened ghost = new ApprovalTaskOpened(newId(), RequestId.of("R-ghost-" + i),
                    TaskId.of("T-ghost-" + i), Stage.MANAGER, GHOST_ASSIGNEE, null, longAgo.plusSeconds(i),
                    longAgo.minus(Duration.ofDays(3)));
            inbox.handle(ghost, Envelope.of(ghost, "approval-service", ghost.subject(), null, null));
        }
        assertThat(inbox.tasksOf(GHOST_ASSIGNEE, Set.of(), "OPEN", null)).hasSize(501);

        RequestId request = InboxFixture.submit(service, "R-behind-ghosts", BENEFICIARY, "Quarterly forecast",
                List.of(), CLOCK.instant());
        InboxView.Task task = await().atMost(Duration.ofSeconds(60)).until(() -> inbox.tasksOf(MANAGER, Set.of(),
                "OPEN", null).stream().filter(t -> t.requestId().equals(request.value())).findFirst().orElse(null),
                t -> t != null);

        CLOCK.set(task.dueAt().plus(Duration.ofMinutes(1)));
        service.bean(DeadlineWatch.class).watch();
        assertThat(recorded(request, TaskEscalated.class)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> inbox.tasksOf(DIRECTOR, Set.of(), "OPEN", null).stream()
                .anyMatch(t -> t.requestId().equals(request.value()) && t.escalationLevel() == 1));
    }

    private static int recorded(RequestId request, Class<?> type) {
        return InboxFixture.recorded(service, request, type);
    }

    private static EventId newId() {
        return InboxFixture.newId();
    }
}
