package io.accessledger.request.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Stage;
import io.accessledger.events.model.WriteBackOutcome;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.request.ServiceNowItemUpdated;
import io.accessledger.spine.commands.CausedCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;

/** The consumer that writes request state changes back to the RITM, against a local ServiceNow. */
class ServiceNowWriteBackTest {
    private static final Instant NOW = Instant.parse("2026-11-24T04:30:00Z");
    private static final RequestId REQUEST = RequestId.of("R-1");
    private static final String SYS_ID = "aeed229047801200e0ef563dbb9a71c2";
    private static final Entitlement ENTITLEMENT = new Entitlement("finance-dwh", "read");

    private final RecordingServer serviceNow;
    private final InMemoryServiceNowStore store = new InMemoryServiceNowStore();
    private final EmbeddedEventStore events = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final CommandGateway commands = commandGateway(events);
    private final ServiceNowWriteBack writeBack;

    ServiceNowWriteBackTest() throws Exception {
        serviceNow = new RecordingServer();
        writeBack = consumer(serviceNow.url());
        store.link(SYS_ID, "RITM0010023", REQUEST.value(), NOW);
    }

    private ServiceNowWriteBack consumer(String url) {
        return new ServiceNowWriteBack(store, new ServiceNowClient(url, "al", "pw", 2, Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofSeconds(5)), TransactionOperations.withoutTransaction(), new CausedCommands(commands),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** The event as the consumer receives it from its topic. */
    private static void deliver(ServiceNowWriteBack consumer, DomainEvent event) {
        consumer.handle(event, Envelope.of(event, "approval-service", null, null, null));
    }

    /** The RitmWriteBack aggregate on an in-memory event store, as Axon runs it in the service. */
    private static CommandGateway commandGateway(EmbeddedEventStore events) {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        AggregateAnnotationCommandHandler.<RitmWriteBack>builder().aggregateType(RitmWriteBack.class)
                .repository(EventSourcingRepository.builder(RitmWriteBack.class).eventStore(events).build())
                .build().subscribe(bus);
        return DefaultCommandGateway.builder().commandBus(bus).build();
    }

    /** The ServiceNowItemUpdated events recorded for the write-back of this cause. */
    private List<ServiceNowItemUpdated> recorded(String causeEventId) {
        return events.readEvents(RitmWriteBack.idFor(EventId.of(causeEventId))).asStream()
                .map(message -> (ServiceNowItemUpdated) message.getPayload()).toList();
    }

    @AfterEach
    void stop() {
        serviceNow.close();
    }

    private static AccessApproved approved(RequestId requestId) {
        return new AccessApproved(EventId.of("ev-approved"), requestId, EmployeeId.of("E1030"), ENTITLEMENT, null,
                null, List.of("E1031"), "v1", null, NOW);
    }

    private static AccessDenied denied() {
        return new AccessDenied(EventId.of("ev-denied"), REQUEST, Stage.MANAGER, EmployeeId.of("E1031"),
                "Not needed for the role", NOW);
    }

    private static AccessProvisioned provisioned() {
        return new AccessProvisioned(EventId.of("ev-provisioned"), GrantId.of("G-1"), REQUEST, EmployeeId.of("E1030"),
                ENTITLEMENT, "warehouse", "jdbc", "ref-1", null, null, NOW, null, null, NOW);
    }

    @Test
    void listensToRequestApprovalAndProvisioning() {
        assertThat(writeBack.topics()).containsExactlyInAnyOrder(Topic.REQUEST, Topic.APPROVAL, Topic.PROVISIONING);
        assertThat(writeBack.name()).isEqualTo("servicenow-writeback");
    }

    @Test
    void anApprovalIsWrittenBackAsWorkInProgressWithAWorkNoteNamingTheApprover() {
        deliver(writeBack, approved(REQUEST));

        assertThat(serviceNow.received).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("PATCH");
            assertThat(r.path()).isEqualTo("/api/now/table/sc_req_item/" + SYS_ID);
            assertThat(r.body()).isEqualTo("{\"state\":\"2\",\"work_notes\":\"AccessLedger: approved by E1031"
                    + " (request R-1)\"}");
        });
        assertThat(store.writeBacks).singleElement().satisfies(w -> {
            assertThat(w.eventId()).isEqualTo("ev-approved");
            assertThat(w.status()).isEqualTo("DELIVERED");
            assertThat(w.attempts()).isEqualTo(1);
        });
        assertThat(recorded("ev-approved")).singleElement().satisfies(e -> {
            assertThat(e.requestId()).isEqualTo(REQUEST);
            assertThat(e.sysId()).isEqualTo(SYS_ID);
            assertThat(e.ritmNumber()).isEqualTo("RITM0010023");
            assertThat(e.state()).isEqualTo("2");
            assertThat(e.workNote()).isEqualTo("AccessLedger: approved by E1031 (request R-1)");
            assertThat(e.outcome()).isEqualTo(WriteBackOutcome.DELIVERED);
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.targetAnswer()).isNull();
            assertThat(e.causeEventId()).isEqualTo(EventId.of("ev-approved"));
            assertThat(e.occurredAt()).isEqualTo(NOW);
        });
    }

    @Test
    void aDenialClosesTheRitmIncompleteWithTheReason() {
        deliver(writeBack, denied());

        assertThat(serviceNow.received.get(0).body()).isEqualTo("{\"state\":\"4\",\"work_notes\":\"AccessLedger:"
                + " denied by E1031 — Not needed for the role (request R-1)\"}");
    }

    @Test
    void provisioningClosesTheRitmCompleteAndLaterNotesDoNotReopenIt() {
        deliver(writeBack, provisioned());
        deliver(writeBack, approved(REQUEST));

        assertThat(serviceNow.received).hasSize(2);
        assertThat(serviceNow.received.get(0).body()).startsWith("{\"state\":\"3\",");
        assertThat(serviceNow.received.get(1).body()).startsWith("{\"work_notes\":");
        assertThat(recorded("ev-provisioned")).singleElement().extracting(ServiceNowItemUpdated::state)
                .isEqualTo("3");
        assertThat(recorded("ev-approved")).singleElement().extracting(ServiceNowItemUpdated::state).isNull();
    }

    @Test
    void requestsThatDidNotComeFromServiceNowAreNotWrittenBack() {
        deliver(writeBack, approved(RequestId.of("R-portal")));

        assertThat(serviceNow.received).isEmpty();
        assertThat(store.writeBacks).isEmpty();
        assertThat(recorded("ev-approved")).isEmpty();
    }

    @Test
    void withoutAnInstanceUrlNothingIsWrittenBack() {
        deliver(consumer(""), approved(REQUEST));

        assertThat(serviceNow.received).isEmpty();
        assertThat(store.writeBacks).isEmpty();
        assertThat(recorded("ev-approved")).isEmpty();
    }

    @Test
    void aFailedWriteBackIsRecordedAndThrownForTheSpineToRetry() {
        serviceNow.answer(503).answer(503);

        assertThatThrownBy(() -> deliver(writeBack, denied()))
                .isInstanceOf(ServiceNowClient.WriteBackFailed.class);

        assertThat(serviceNow.received).hasSize(2);
        assertThat(store.writeBacks).singleElement().satisfies(w -> {
            assertThat(w.status()).isEqualTo("FAILED");
            assertThat(w.attempts()).isEqualTo(2);
            assertThat(w.state()).isEqualTo("4");
            assertThat(w.lastError()).contains("HTTP 503");
        });
        assertThat(recorded("ev-denied")).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(WriteBackOutcome.FAILED);
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.state()).isEqualTo("4");
            assertThat(e.targetAnswer()).contains("HTTP 503");
        });
    }

    @Test
    void aCauseRedeliveredAfterAFailureRecordsTheDeliveryOnceAndNothingMoreAfterwards() {
        serviceNow.answer(503).answer(503).answer(503).answer(503);
        assertThatThrownBy(() -> deliver(writeBack, denied())).isInstanceOf(ServiceNowClient.WriteBackFailed.class);
        assertThatThrownBy(() -> deliver(writeBack, denied())).isInstanceOf(ServiceNowClient.WriteBackFailed.class);

        deliver(writeBack, denied());
        deliver(writeBack, denied());

        List<ServiceNowItemUpdated> recorded = recorded("ev-denied");
        assertThat(recorded).extracting(ServiceNowItemUpdated::outcome)
                .containsExactly(WriteBackOutcome.FAILED, WriteBackOutcome.DELIVERED);
        assertThat(recorded).extracting(e -> e.eventId().value()).doesNotHaveDuplicates()
                .containsExactly(Ids.nameBased("servicenow-writeback:ev-denied:FAILED"),
                        Ids.nameBased("servicenow-writeback:ev-denied:DELIVERED"));
        assertThat(store.writeBacks).extracting(ServiceNowStore.WriteBack::status)
                .containsExactly("FAILED", "FAILED", "DELIVERED", "DELIVERED");
    }
}
