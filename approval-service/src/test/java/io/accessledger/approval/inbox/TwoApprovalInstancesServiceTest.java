package io.accessledger.approval.inbox;

import io.accessledger.spine.testing.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.approval.cases.ApprovalCase;
import io.accessledger.approval.directory.DirectoryView;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.TaskEscalated;
import io.accessledger.events.approval.TaskReminded;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.spine.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of approval-service side by side (one broker, one database), both on the clock the test moves:
 * both instances' deadline watches run at each deadline, and the deadline fires once — one instance sends the
 * reminder or escalation, the case records it once.
 */
class TwoApprovalInstancesServiceTest {
    private static final EmployeeId BENEFICIARY = EmployeeId.of("E2301");
    private static final EmployeeId MANAGER = EmployeeId.of("E2302");
    private static final EmployeeId DIRECTOR = EmployeeId.of("E2303");
    private static final SettableClock CLOCK = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final AtomicInteger REMINDERS_SENT = new AtomicInteger();
    private static final AtomicInteger ESCALATIONS_SENT = new AtomicInteger();
    private static RunningService first;
    private static RunningService second;

    @BeforeAll
    static void startTwoInstances() {
        first = RunningService.start(InboxFixture.onClock(CLOCK), "approval_two_instances",
                InboxFixture.NO_SCHEDULED_WATCH);
        second = first.secondInstance(InboxFixture.onClock(CLOCK), InboxFixture.NO_SCHEDULED_WATCH);
        for (RunningService instance : List.of(first, second)) {
            instance.bean(CommandBus.class).registerDispatchInterceptor(messages -> (index, message) -> {
                if (message.getPayload() instanceof ApprovalCase.RemindTask) {
                    REMINDERS_SENT.incrementAndGet();
                } else if (message.getPayload() instanceof ApprovalCase.EscalateTask) {
                    ESCALATIONS_SENT.incrementAndGet();
                }
                return message;
            });
        }
        InboxFixture.hire(first, DIRECTOR, null);
        InboxFixture.hire(first, MANAGER, DIRECTOR);
        InboxFixture.hire(first, BENEFICIARY, MANAGER);
        await().atMost(Duration.ofSeconds(60)).until(() -> first.bean(DirectoryView.class)
                .managerChain(BENEFICIARY).equals(List.of(MANAGER, DIRECTOR)));
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void bothInstancesWatchesRunAtEachDeadlineAndEachDeadlineFiresOnce() {
        RequestId request = InboxFixture.submit(first, "R-two-instances-1", BENEFICIARY, "Quarterly forecast",
                List.of(), CLOCK.instant());
        InboxView.Task task = await().atMost(Duration.ofSeconds(60)).until(() -> first.bean(InboxView.class)
                .tasksOf(MANAGER, Set.of(), "OPEN", null).stream().filter(t -> t.requestId().equals(request.value()))
                .findFirst().orElse(null), t -> t != null);

        CLOCK.set(task.dueAt().minus(Duration.ofHours(1)));
        bothWatchesRun();
        assertThat(REMINDERS_SENT).hasValue(1);
        assertThat(InboxFixture.recorded(first, request, TaskReminded.class)).isEqualTo(1);

        CLOCK.set(task.dueAt().plus(Duration.ofMinutes(1)));
        bothWatchesRun();
        assertThat(ESCALATIONS_SENT).hasValue(1);
        assertThat(InboxFixture.recorded(first, request, TaskEscalated.class)).isEqualTo(1);
        assertThat(REMINDERS_SENT).hasValue(1);

        await().atMost(Duration.ofSeconds(60)).until(() -> publishedIds(request, TaskEscalated.class).size() == 1);
        assertThat(publishedIds(request, TaskReminded.class)).hasSize(1);
    }

    /**
     * The distinct ids of the events of this type on the approval topic (what consumers, which dedupe by event id,
     * act on: in one JVM the two instances' outboxes share Axon's default token owner, so a record may go out twice).
     */
    private static Set<EventId> publishedIds(RequestId request, Class<? extends DomainEvent> type) {
        return first.published(Topic.APPROVAL, request.value(), type).stream().map(DomainEvent::eventId)
                .collect(Collectors.toSet());
    }

    /** Both instances' deadline watches, at the same moment (as their timers would fire). */
    private static void bothWatchesRun() {
        CompletableFuture.allOf(CompletableFuture.runAsync(() -> first.bean(DeadlineWatch.class).watch()),
                CompletableFuture.runAsync(() -> second.bean(DeadlineWatch.class).watch())).join();
    }
}
