package io.accessledger.spine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.inbound.ParkedRecordStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A record parked because it came before its prerequisite ({@code NotYet}) is tried again when a record is handled
 * (it may be the prerequisite), not only on its back-off timer, which here is 30 s: the prerequisite is handled by
 * another consumer of the service, on another key, as another service's view would be.
 */
@SpringBootTest(classes = SpineTestApp.class, properties = {
        "spring.application.name=request-service",
        "axon.axonserver.enabled=false",
        "spring.kafka.admin.operation-timeout=5s",
        "spine-test.prerequisites=true",
        "accessledger.spine.retry-backoff=50ms",
        "accessledger.spine.park-backoff=30s"})
class ParkedWakeUpTest {
    private static final Logger log = LoggerFactory.getLogger(ParkedWakeUpTest.class);
    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();
    private static final Instant AT = Instant.parse("2026-11-02T09:00:00Z");
    private static final Duration FIRST_TIMER = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
        registry.add("spring.datasource.url", () -> LocalPostgres.freshDatabaseUrl("wakeup"));
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ParkedRecordStore parked;

    @Test
    void aRecordParkedBeforeItsPrerequisiteIsHandledWithinSecondsOfItsArrivalNotAtItsThirtySecondTimer() {
        RequestId waits = RequestId.of("R-" + UUID.randomUUID() + "-waits");
        List<EventId> events = List.of(newEventId(), newEventId());
        commands.sendAndWait(new SpineTestApp.Submit(waits, events.get(0), 1, AT));
        commands.sendAndWait(new SpineTestApp.Revise(waits, events.get(1), 2, AT.plusSeconds(1)));
        await().atMost(Duration.ofSeconds(60)).until(() -> waiting().parkedOf(waits).size() == 2);
        ParkedRecordStore.Parked head = waiting().parkedOf(waits).get(0);
        assertThat(head.reason()).startsWith("NotYet: waiting for the prerequisite of");
        assertThat(Duration.between(head.parkedAt(), head.nextAttemptAt())).isEqualTo(FIRST_TIMER);

        // any record handled wakes the waiting head; not ready yet, it goes back to its timer unchanged
        commands.sendAndWait(new SpineTestApp.Submit(RequestId.of("R-" + UUID.randomUUID()), newEventId(), 1, AT));
        await().atMost(Duration.ofSeconds(20)).until(() -> waiting().woken("not_yet") >= 1);
        ParkedRecordStore.Parked stillWaiting = waiting().parkedOf(waits).get(0);
        assertThat(stillWaiting.attempts()).isZero();
        assertThat(stillWaiting.nextAttemptAt()).isEqualTo(head.nextAttemptAt());

        commands.sendAndWait(new SpineTestApp.Submit(RequestId.of("R-" + UUID.randomUUID()), newEventId(), 1, AT,
                SpineTestApp.Prerequisites.PREFIX + waits.value()));

        await().atMost(FIRST_TIMER.dividedBy(3)).until(() -> waiting().applied(waits) == 2);
        Instant arrived = waiting().prerequisiteArrived(waits);
        List<String> order = jdbc.queryForList("select event_id from test_waited where request_id = ? order by id",
                String.class, waits.value());
        Instant lastApplied = waiting().lastApplied(waits);
        Duration lag = Duration.between(arrived, lastApplied);
        log.info("Both parked records of {} applied {} ms after their prerequisite was handled (first timer {} s"
                + " after the park, {} s after the prerequisite)", waits, lag.toMillis(), FIRST_TIMER.toSeconds(),
                Duration.between(arrived, head.nextAttemptAt()).toSeconds());
        assertThat(order).containsExactly(events.get(0).value(), events.get(1).value());
        assertThat(lag).isLessThan(FIRST_TIMER.dividedBy(3));
        assertThat(lastApplied).isBefore(head.nextAttemptAt());
        assertThat(waiting().parkedOf(waits)).isEmpty();
        assertThat(waiting().woken("handled")).isGreaterThanOrEqualTo(1);
    }

    private WaitingRecords waiting() {
        return new WaitingRecords(parked, jdbc, meters);
    }

    private static EventId newEventId() {
        return EventId.of(UUID.randomUUID().toString());
    }
}
