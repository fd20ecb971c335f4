package io.accessledger.approval.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.approval.ApprovalServiceApplication;
import io.accessledger.approval.cases.ApprovalCase;
import io.accessledger.approval.directory.DirectoryView;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.TaskEscalated;
import io.accessledger.events.approval.TaskReminded;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.Stage;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.spine.testing.RunningService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * Two instances of approval-service side by side (one broker, one database), both on the clock the test moves:
 * both instances' deadline watches run at each deadline, and the deadline fires once — one instance sends the
 * reminder or escalation, the case records it once.
 */
class TwoApprovalInstancesServiceTest {
    private static final EmployeeId BENEFICIARY = EmployeeId.of("E2301");
    private static final EmployeeId MANAGER = EmployeeId.of("E2302");
    private static final EmployeeId DIRECTOR = EmployeeId.of("E2303");
    private static final MovableClock CLOCK = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final AtomicInteger REMINDERS_SENT = new AtomicInteger();
    private static final AtomicInteger ESCALATIONS_SENT = new AtomicInteger();
    private static RunningService first;
    private static RunningService second;

    /** The clock every part of both instances reads (a source of this test's applications only). */
    static class TestClock {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    @BeforeAll
    static void startTwoInstances() {
        first = RunningService.start(application(), "approval_two_instances",
                "--accessledger.approval.deadline-watch-initial-delay=PT1H");
        second = first.secondInstance(application(), "--accessledger.approval.deadline-watch-initial-delay=PT1H");
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
        hire(DIRECTOR, null);
        hire(MANAGER, DIRECTOR);
        hire(BENEFICIARY, MANAGER);
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
        RequestId request = submit("R-two-instances-1");
        InboxView.Task task = await().atMost(Duration.ofSeconds(60)).until(() -> first.bean(InboxView.class)
                .tasksOf(MANAGER, Set.of(), "OPEN", null).stream().filter(t -> t.requestId().equals(request.value()))
                .findFirst().orElse(null), t -> t != null);

        CLOCK.set(task.dueAt().minus(Duration.ofHours(1)));
        bothWatchesRun();
        assertThat(REMINDERS_SENT).hasValue(1);
        assertThat(recorded(request, TaskReminded.class)).isEqualTo(1);

        CLOCK.set(task.dueAt().plus(Duration.ofMinutes(1)));
        bothWatchesRun();
        assertThat(ESCALATIONS_SENT).hasValue(1);
        assertThat(recorded(request, TaskEscalated.class)).isEqualTo(1);
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

    private static SpringApplicationBuilder application() {
        return ApprovalServiceApplication.application().sources(TestClock.class);
    }

    private static RequestId submit(String id) {
        RequestId request = RequestId.of(id);
        Instant at = CLOCK.instant();
        first.publish(new RequestSubmitted(newId(), request, null, BENEFICIARY, BENEFICIARY, "netsuite", "view",
                "Quarterly forecast", null, null, RequestSource.PORTAL, false, List.of(), at), "request-service");
        first.publish(new PolicyEvaluated(newId(), request, "3", BENEFICIARY, Entitlement.parse("netsuite:view"),
                new ResourceSnapshot("netsuite", "NetSuite", "manual", null, Sensitivity.HIGH, List.of(), false),
                List.of(), Sensitivity.HIGH, List.of(Stage.MANAGER), false, null, Duration.ofDays(90),
                at.plusSeconds(1)), "policy-service");
        return request;
    }

    private static void hire(EmployeeId employee, EmployeeId manager) {
        first.publish(new EmployeeHired(newId(), employee, new EmployeeProfile(employee, "Person " + employee,
                employee.value().toLowerCase() + "@example.com", "Sales", "Account Executive", manager, null,
                EmploymentStatus.ACTIVE, null, null, true), LocalDate.parse("2026-01-01"), "bamboohr",
                Instant.parse("2026-01-01T08:00:00Z")), "request-service");
    }

    /** How many events of this type the request's case recorded (the shared event store is the outbox). */
    private static int recorded(RequestId request, Class<? extends DomainEvent> type) {
        return first.jdbc().queryForObject("select count(*) from domainevententry where aggregateidentifier = ?"
                + " and payloadtype = ?", Integer.class, request.value(), type.getName());
    }

    private static EventId newId() {
        return EventId.of(UUID.randomUUID().toString());
    }
}
