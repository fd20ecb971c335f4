package io.accessledger.spine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.model.WithdrawalReason;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.testing.RunningService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * An event a service stored in an older version of its type — written before an upgrade and not yet published, say
 * because the broker was down — is read in the current version: by Axon and by the outbox, which publishes it as the
 * current type with nothing lost.
 */
class StoredEventUpcastingTest {
    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(new SpringApplicationBuilder(SpineTestApp.class), "stored_upcasting",
                "--spring.application.name=request-service", "--axon.axonserver.enabled=false");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aWithdrawalStoredAsVersionOneIsReadAndPublishedAsVersionTwoWithItsReason() {
        String request = "R-stored-v1-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String v1 = "{\"eventId\":\"" + eventId + "\",\"requestId\":\"" + request + "\",\"withdrawnBy\":\"E1001\","
                + "\"reason\":\"LEAVER: the beneficiary left on 2026-11-30\",\"occurredAt\":\"2026-11-02T09:15:30Z\"}";
        service.jdbc().update("insert into domainevententry (eventidentifier, metadata, payload, payloadtype,"
                + " payloadrevision, timestamp, aggregateidentifier, sequencenumber, type)"
                + " values (?, ?, ?, ?, null, ?, ?, 0, ?)",
                UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8), v1.getBytes(StandardCharsets.UTF_8), RequestWithdrawn.class.getName(),
                "2026-11-02T09:15:30Z", request, "AccessRequest");

        List<?> stored = service.bean(EventStore.class).readEvents(request).asStream()
                .map(message -> message.getPayload()).toList();
        assertThat(stored).singleElement().isInstanceOfSatisfying(RequestWithdrawn.class, withdrawn ->
                assertThat(withdrawn.withdrawal()).isEqualTo(WithdrawalReason.leaver("the beneficiary left on 2026-11-30")));

        List<RequestWithdrawn> published = await().atMost(Duration.ofSeconds(60)).until(
                () -> service.published(Topic.REQUEST, request, RequestWithdrawn.class), events -> events.size() == 1);
        assertThat(published.get(0).withdrawal())
                .isEqualTo(WithdrawalReason.leaver("the beneficiary left on 2026-11-30"));
        assertThat(published.get(0).reason()).isEqualTo("the beneficiary left on 2026-11-30");
    }
}
