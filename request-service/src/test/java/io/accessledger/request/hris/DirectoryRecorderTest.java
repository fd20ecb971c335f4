package io.accessledger.request.hris;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.identity.EmployeeTerminated;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.identity.EmployeeUpdated;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.BackgroundCheck;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.request.directory.Employee;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.Message;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recorder against the real {@link Employee} aggregate (an in-memory event store) and nothing else: the directory
 * read model, projected from the identity topic, lags the aggregate by the topic's round trip, so two changes of one
 * person seconds apart must each be overlaid on the person as the aggregate knows them. Before, the recorder overlaid
 * them on the read model, and the second undid the first (a leaver reinstated, a move reverted).
 */
class DirectoryRecorderTest {
    private static final Instant NOW = Instant.parse("2026-11-24T04:00:00Z");
    private static final EmployeeId ID = EmployeeId.of("E1");
    private static final EmployeeProfile CURRENT = new EmployeeProfile(ID, "Ada Lovelace", "ada@example.com",
            "Engineering", "Engineer", EmployeeId.of("E9"), EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE,
            LocalDate.parse("2026-01-10"), BackgroundCheck.COMPLETE, true);

    private Configuration axon;
    private DirectoryRecorder recorder;

    @BeforeEach
    void startTheDirectory() {
        axon = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> JacksonSerializer.defaultSerializer())
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(Employee.class)
                .buildConfiguration();
        axon.start();
        recorder = new DirectoryRecorder(axon.commandGateway(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stopTheDirectory() {
        axon.shutdown();
    }

    /** Ada, as the directory knows her. */
    private void known() {
        axon.commandGateway().sendAndWait(new Employee.RecordEmployee(ID, CURRENT, LocalDate.parse("2026-01-10"),
                "directory-import", EventId.of("ev-import"), NOW.minusSeconds(3600)));
    }

    private List<Object> events() {
        return axon.eventStore().readEvents(ID.value()).asStream().map(Message::getPayload).map(Object.class::cast)
                .toList();
    }

    private static WorkerEvent change(Map<String, String> fields, LocalDate effectiveOn) {
        return new WorkerEvent(ID, ProfilePatch.of(fields), effectiveOn);
    }

    @Test
    void theChangedFieldsAreOverlaidOnThePersonAsTheDirectoryKnowsThem() {
        known();

        boolean changed = recorder.record(change(Map.of("department", "Risk"), LocalDate.parse("2026-11-20")),
                "workday");

        assertThat(changed).isTrue();
        EmployeeTransferred moved = (EmployeeTransferred) events().get(1);
        assertThat(moved.profile()).isEqualTo(new EmployeeProfile(ID, "Ada Lovelace", "ada@example.com", "Risk",
                "Engineer", EmployeeId.of("E9"), EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE,
                LocalDate.parse("2026-01-10"), BackgroundCheck.COMPLETE, true));
        assertThat(moved.effectiveOn()).isEqualTo(LocalDate.parse("2026-11-20"));
        assertThat(moved.source()).isEqualTo("workday");
        assertThat(moved.occurredAt()).isEqualTo(NOW);
    }

    @Test
    void aSecondChangeRecordedBeforeTheDirectoryViewCaughtUpKeepsTheFirst() {
        known();

        recorder.record(change(Map.of("department", "Risk"), null), "bamboohr");
        boolean changed = recorder.record(change(Map.of("mfaEnrolled", "false"), null), "bamboohr");

        assertThat(changed).isTrue();
        List<Object> events = events();
        assertThat(events).hasSize(3);
        assertThat(events.get(1)).isInstanceOf(EmployeeTransferred.class);
        EmployeeUpdated updated = (EmployeeUpdated) events.get(2);
        assertThat(updated.changedFields()).containsExactly("mfaEnrolled");
        assertThat(updated.profile().department()).isEqualTo("Risk");
        assertThat(updated.profile().mfaEnrolled()).isFalse();
    }

    @Test
    void aChangeRecordedBeforeTheDirectoryViewSawTheTerminationDoesNotReinstateTheLeaver() {
        known();

        recorder.record(change(Map.of("status", "TERMINATED"), null), "hris");
        recorder.record(change(Map.of("email", "ada.lovelace@example.com"), null), "hris");

        List<Object> events = events();
        assertThat(events.get(1)).isInstanceOf(EmployeeTerminated.class);
        assertThat(events).allSatisfy(e -> assertThat(((io.accessledger.events.IdentityEvent) e).profile().status())
                .isEqualTo(e instanceof EmployeeHired ? EmploymentStatus.ACTIVE : EmploymentStatus.TERMINATED));
    }

    @Test
    void aChangeOfSomeoneJustHiredIsRecordedThoughTheDirectoryViewDoesNotKnowThemYet() {
        recorder.record(change(Map.of("name", "New Person"), null), "hris");
        boolean changed = recorder.record(change(Map.of("department", "Risk"), null), "hris");

        assertThat(changed).isTrue();
        assertThat(events()).hasSize(2);
        assertThat(((EmployeeTransferred) events().get(1)).profile().department()).isEqualTo("Risk");
    }

    @Test
    void anEventWithoutEffectiveDateIsEffectiveToday() {
        known();

        assertThat(recorder.record(change(Map.of("status", "TERMINATED"), null), "bamboohr")).isTrue();

        assertThat(((EmployeeTerminated) events().get(1)).effectiveOn()).isEqualTo(LocalDate.parse("2026-11-24"));
    }

    @Test
    void theSameChangeAgainRecordsNothing() {
        known();

        recorder.record(change(Map.of("department", "Risk"), null), "hris");

        assertThat(recorder.record(change(Map.of("department", "Risk"), null), "hris")).isFalse();
        assertThat(events()).hasSize(2);
    }

    @Test
    void aTerminationOfSomeoneUnknownIsIgnored() {
        assertThat(recorder.record(change(Map.of("status", "TERMINATED"), null), "bamboohr")).isFalse();

        assertThat(events()).isEmpty();
    }

    @Test
    void aPartialChangeOfSomeoneUnknownIsIgnored() {
        assertThat(recorder.record(change(Map.of("department", "Risk"), null), "hris")).isFalse();

        assertThat(events()).isEmpty();
    }

    @Test
    void aNewPersonWithANameIsRecordedAsAnActiveEmployee() {
        assertThat(recorder.record(change(Map.of("name", "New Person"), null), "hris")).isTrue();

        assertThat(((EmployeeHired) events().get(0)).profile()).isEqualTo(new EmployeeProfile(ID, "New Person",
                null, null, null, null, EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE, null, null, null));
    }
}
