package io.accessledger.spine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.spine.commands.CachedCommandTargetResolver;
import io.accessledger.spine.store.CommitWakingEventStore;
import io.accessledger.spine.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.springboot.TimeoutProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the spine changes in Axon's handling of a command (docs/BENCHMARKS.md, "End-to-end", "Eighth round"): an
 * aggregate is loaded from its events, never from the snapshot table; no handler runs under a time limit of its own,
 * while a command's unit of work keeps Axon's; a command's target is found by Axon's rules, searched once per class.
 */
class AxonHandlingTest {
    private static final Instant AT = Instant.parse("2026-12-07T02:00:00Z");
    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(new SpringApplicationBuilder(SpineTestApp.class), "axon_handling",
                "--spring.application.name=request-service", "--axon.axonserver.enabled=false",
                // the outbox's reader looks again only a minute after finding nothing: only a wake-up publishes sooner
                "--accessledger.spine.outbox-fetch-delay=60s");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void anAggregateIsLoadedFromItsEventsEvenWhenASnapshotRowIsThere() {
        RequestId request = RequestId.of("R-snapshot-" + UUID.randomUUID());
        CommandGateway commands = service.bean(CommandGateway.class);
        commands.sendAndWait(new SpineTestApp.Submit(request, EventId.of(UUID.randomUUID().toString()), 0, AT));
        // a "snapshot" at sequence 1 that is the submitted event again: Axon's own engine would start the aggregate
        // from it and skip the events up to 1
        service.jdbc().update("insert into snapshotevententry (aggregateidentifier, sequencenumber, type,"
                + " eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp)"
                + " select aggregateidentifier, 1, type, 'snapshot-' || eventidentifier, metadata, payload,"
                + " payloadrevision, payloadtype, timestamp from domainevententry where aggregateidentifier = ?",
                request.value());
        commands.sendAndWait(new SpineTestApp.Revise(request, EventId.of(UUID.randomUUID().toString()), 1, AT));

        List<? extends DomainEventMessage<?>> loaded = service.bean(EventStore.class).readEvents(request.value()).asStream()
                .toList();

        assertThat(loaded).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L);
        assertThat(loaded).extracting(message -> (Object) message.getPayloadType())
                .containsExactly(RequestSubmitted.class, RequestRevised.class);
    }

    @Test
    void eventsAppendedInALongerTransactionArePublishedWhenItCommitsNotAtTheReadersNextLook() throws Exception {
        RequestId request = RequestId.of("R-wake-" + UUID.randomUUID());
        CommandGateway commands = service.bean(CommandGateway.class);
        new TransactionTemplate(service.bean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
            commands.sendAndWait(new SpineTestApp.Submit(request, EventId.of(UUID.randomUUID().toString()), 0, AT));
            try {
                // the command's unit of work has ended inside this transaction: a reader woken by it would look now
                // and find nothing committed (Axon's wake-up); no condition shows that it has looked, so a pause
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(service.bean(EventStore.class)).isInstanceOf(CommitWakingEventStore.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> !service.published(Topic.REQUEST, request.value(),
                RequestSubmitted.class).isEmpty());
    }

    @Test
    void aCommandsTargetIsFoundByTheResolverThatRemembersItsSearch() {
        RequestId request = RequestId.of("R-target-" + UUID.randomUUID());
        CommandGateway commands = service.bean(CommandGateway.class);
        commands.sendAndWait(new SpineTestApp.Submit(request, EventId.of(UUID.randomUUID().toString()), 0, AT));
        // a command to an existing aggregate: its target is resolved (one that creates an aggregate names none)
        commands.sendAndWait(new SpineTestApp.Revise(request, EventId.of(UUID.randomUUID().toString()), 1, AT));

        assertThat(service.bean(Configuration.class).getComponent(CommandTargetResolver.class)).isInstanceOfSatisfying(
                CachedCommandTargetResolver.class, resolver -> assertThat(resolver.knows(SpineTestApp.Revise.class))
                        .isTrue());
    }

    @Test
    void noHandlerHasATimeLimitOfItsOwnButACommandsUnitOfWorkKeepsAxons() {
        TimeoutProperties timeouts = service.bean(TimeoutProperties.class);

        assertThat(timeouts.isEnabled()).isTrue();
        for (var handler : List.of(timeouts.getHandler().getCommands(), timeouts.getHandler().getEvents(),
                timeouts.getHandler().getQueries(), timeouts.getHandler().getDeadlines())) {
            assertThat(handler.getTimeoutMs()).isEqualTo(-1);
            assertThat(handler.getWarningThresholdMs()).isEqualTo(-1);
        }
        assertThat(timeouts.getTransaction().getCommandBus().getTimeoutMs()).isEqualTo(60_000);
        assertThat(timeouts.getTransaction().getEventProcessors().getWarningThresholdMs()).isEqualTo(10_000);
    }
}
