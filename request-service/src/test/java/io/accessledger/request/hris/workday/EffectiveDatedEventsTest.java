package io.accessledger.request.hris.workday;

import io.accessledger.spine.testing.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.request.hris.ProfilePatch;
import io.accessledger.request.hris.WorkerEvent;
import io.accessledger.request.hris.WorkerEventSink;
import io.accessledger.request.hris.workday.EffectiveDatedEvents.Outcome;
import io.accessledger.request.hris.workday.EffectiveDatedStore.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectiveDatedEventsTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-24");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-24T04:00:00Z"));
    private final InMemoryEffectiveDatedStore store = new InMemoryEffectiveDatedStore();
    private final List<WorkerEvent> recorded = new ArrayList<>();
    private boolean failing;
    private final WorkerEventSink sink = (event, source) -> {
        if (failing) {
            throw new IllegalStateException("directory unavailable");
        }
        assertThat(source).isEqualTo("workday");
        recorded.add(event);
        return true;
    };
    private final EffectiveDatedEvents events = new EffectiveDatedEvents(store, sink, clock, "workday");

    private static WorkerEvent hire(String id, LocalDate effectiveOn) {
        return new WorkerEvent(EmployeeId.of(id), ProfilePatch.of(Map.of("name", "New Hire", "status", "ACTIVE")),
                effectiveOn);
    }

    @Test
    void anEventEffectiveTodayAppliesNow() {
        assertThat(events.submit("ev-1", hire("E1", TODAY))).isEqualTo(Outcome.APPLIED);

        assertThat(recorded).containsExactly(hire("E1", TODAY));
        assertThat(store.find("ev-1").orElseThrow().state()).isEqualTo(State.APPLIED);
    }

    @Test
    void aBackdatedEventAppliesNow() {
        assertThat(events.submit("ev-1", hire("E1", TODAY.minusDays(10)))).isEqualTo(Outcome.APPLIED);

        assertThat(recorded).hasSize(1);
    }

    @Test
    void aFutureDatedEventIsStoredAndAppliedWhenTheClockReachesItsDate() {
        WorkerEvent hire = hire("E1", TODAY.plusDays(7));

        assertThat(events.submit("ev-1", hire)).isEqualTo(Outcome.SCHEDULED);
        assertThat(recorded).isEmpty();
        assertThat(store.find("ev-1").orElseThrow().state()).isEqualTo(State.PENDING);

        clock.advance(Duration.ofDays(6));
        assertThat(events.applyDue()).isZero();
        assertThat(recorded).isEmpty();

        clock.advance(Duration.ofDays(1));
        assertThat(events.applyDue()).isEqualTo(1);
        assertThat(recorded).containsExactly(hire);
        assertThat(store.find("ev-1").orElseThrow().state()).isEqualTo(State.APPLIED);

        assertThat(events.applyDue()).isZero();
        assertThat(recorded).hasSize(1);
    }

    @Test
    void dueEventsApplyInEffectiveDateOrder() {
        events.submit("later", hire("E2", TODAY.plusDays(3)));
        events.submit("sooner", hire("E1", TODAY.plusDays(1)));

        clock.advance(Duration.ofDays(5));
        assertThat(events.applyDue()).isEqualTo(2);

        assertThat(recorded).extracting(WorkerEvent::employeeId).containsExactly(EmployeeId.of("E1"),
                EmployeeId.of("E2"));
    }

    @Test
    void aRescindCancelsAPendingEventSoItNeverApplies() {
        events.submit("ev-1", hire("E1", TODAY.plusDays(7)));

        assertThat(events.rescind("rescind-1", "ev-1")).isEqualTo(Outcome.CANCELLED);
        clock.advance(Duration.ofDays(30));
        assertThat(events.applyDue()).isZero();

        assertThat(recorded).isEmpty();
        assertThat(store.find("ev-1").orElseThrow()).satisfies(entry -> {
            assertThat(entry.state()).isEqualTo(State.CANCELLED);
            assertThat(entry.rescindedBy()).isEqualTo("rescind-1");
        });
    }

    @Test
    void aRescindOfAnAppliedEventIsRecordedAndChangesNothingElse() {
        events.submit("ev-1", hire("E1", TODAY));

        assertThat(events.rescind("rescind-1", "ev-1")).isEqualTo(Outcome.ALREADY_APPLIED);

        assertThat(recorded).hasSize(1);
        assertThat(store.find("ev-1").orElseThrow()).satisfies(entry -> {
            assertThat(entry.state()).isEqualTo(State.RESCINDED_AFTER_APPLY);
            assertThat(entry.rescindedBy()).isEqualTo("rescind-1");
        });
    }

    @Test
    void aRescindBeforeItsEventMakesTheLateEventIgnored() {
        assertThat(events.rescind("rescind-1", "ev-1")).isEqualTo(Outcome.RESCIND_BEFORE_EVENT);

        assertThat(events.submit("ev-1", hire("E1", TODAY))).isEqualTo(Outcome.ALREADY_KNOWN);
        assertThat(recorded).isEmpty();
    }

    @Test
    void theSameEventTwiceAppliesOnce() {
        events.submit("ev-1", hire("E1", TODAY));

        assertThat(events.submit("ev-1", hire("E1", TODAY))).isEqualTo(Outcome.ALREADY_KNOWN);
        assertThat(recorded).hasSize(1);
    }

    @Test
    void aFailedApplicationStaysPendingAndIsRetriedByTheJob() {
        failing = true;
        assertThatThrownBy(() -> events.submit("ev-1", hire("E1", TODAY))).isInstanceOf(IllegalStateException.class);
        assertThat(store.find("ev-1").orElseThrow().state()).isEqualTo(State.PENDING);

        failing = false;
        assertThat(events.applyDue()).isEqualTo(1);
        assertThat(recorded).hasSize(1);
        assertThat(store.find("ev-1").orElseThrow().state()).isEqualTo(State.APPLIED);
    }

    @Test
    void theStoredPayloadRoundTripsThroughJson() {
        WorkerEvent event = new WorkerEvent(EmployeeId.of("E1"),
                ProfilePatch.of(Map.of("department", "Risk", "managerId", "")), TODAY.plusDays(2));

        assertThat(JdbcEffectiveDatedStore.read(JdbcEffectiveDatedStore.write(event))).isEqualTo(event);
    }

}
