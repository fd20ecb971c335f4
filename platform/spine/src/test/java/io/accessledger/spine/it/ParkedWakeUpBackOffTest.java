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
 * Wake-ups of a record parked before its prerequisite ({@code NotYet}) back off on their own: under steady traffic
 * (a wake-up pass every 100 ms here) a record whose prerequisite does not come is tried about log2(its age / 100 ms)
 * times, not at every pass; and when the prerequisite comes at last, it is applied once its wake-up back-off is
 * over, long before its timer (5 min here).
 */
@SpringBootTest(classes = SpineTestApp.class, properties = {
        "spring.application.name=request-service",
        "axon.axonserver.enabled=false",
        "spring.kafka.admin.operation-timeout=5s",
        "spine-test.prerequisites=true",
        "accessledger.spine.retry-backoff=50ms",
        "accessledger.spine.park-backoff=10m",
        "accessledger.spine.park-backoff-max=5m",
        "accessledger.spine.park-poll-interval=100ms"})
class ParkedWakeUpBackOffTest {
    private static final Logger log = LoggerFactory.getLogger(ParkedWakeUpBackOffTest.class);
    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();
    private static final Instant AT = Instant.parse("2026-11-02T09:00:00Z");
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TRAFFIC = Duration.ofSeconds(6);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
        registry.add("spring.datasource.url", () -> LocalPostgres.freshDatabaseUrl("wakeback"));
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
    void aRecordWaitingForAPrerequisiteIsWokenLogarithmicallyOftenUnderSteadyTrafficAndStillAppliedLongBeforeItsTimer()
            throws InterruptedException {
        RequestId waits = RequestId.of("R-" + UUID.randomUUID() + "-waits");
        commands.sendAndWait(new SpineTestApp.Submit(waits, newEventId(), 1, AT));
        await().atMost(Duration.ofSeconds(60)).until(() -> waiting().parkedOf(waits).size() == 1);
        ParkedRecordStore.Parked head = waiting().parkedOf(waits).get(0);
        assertThat(head.reason()).startsWith("NotYet: waiting for the prerequisite of");

        // steady traffic: each record handled asks for a wake-up pass, one per 100 ms at most
        long handled = 0;
        long trafficEnds = System.nanoTime() + TRAFFIC.toNanos();
        while (System.nanoTime() < trafficEnds) {
            commands.sendAndWait(new SpineTestApp.Submit(RequestId.of("R-" + UUID.randomUUID()), newEventId(), 1, AT));
            handled++;
            Thread.sleep(20);
        }
        long submitted = handled;
        await().atMost(Duration.ofSeconds(60)).until(() -> appliedByEffects() >= submitted + 1);
        // no wake-up try half-recorded (counted, its row not yet updated)
        await().atMost(Duration.ofSeconds(10)).until(() ->
                waiting().woken("not_yet") == waiting().parkedOf(waits).get(0).wakes());

        ParkedRecordStore.Parked waited = waiting().parkedOf(waits).get(0);
        double age = Duration.between(waited.parkedAt(), Instant.now()).toMillis() / 1000.0;
        double passes = age / (POLL.toMillis() / 1000.0);
        // a try at age a is followed by one at 2a at the soonest, the first ones a pass (100 ms) apart at least
        long bound = (long) Math.floor(Math.log(passes) / Math.log(2)) + 3;
        log.info("{} records handled in {} s; the waiting record, {} s old, was woken {} times (bound {}, {} passes"
                + " possible)", submitted, TRAFFIC.toSeconds(), age, waited.wakes(), bound, (long) passes);
        assertThat(waited.wakes()).isBetween(3, (int) bound);
        assertThat(waiting().woken("not_yet")).isEqualTo(waited.wakes());
        assertThat(waited.attempts()).isZero();
        assertThat(waited.nextAttemptAt()).isEqualTo(head.nextAttemptAt());

        // the prerequisite at last, then no traffic: the wake-up it is owed comes when its back-off is over
        commands.sendAndWait(new SpineTestApp.Submit(RequestId.of("R-" + UUID.randomUUID()), newEventId(), 1, AT,
                SpineTestApp.Prerequisites.PREFIX + waits.value()));
        await().atMost(Duration.ofSeconds(60)).until(() -> waiting().applied(waits) == 1);
        Instant arrived = waiting().prerequisiteArrived(waits);
        Instant applied = waiting().lastApplied(waits);
        Duration lag = Duration.between(arrived, applied);
        log.info("Applied {} ms after its prerequisite, having waited {} s (timer at {})", lag.toMillis(), age,
                head.nextAttemptAt());
        assertThat(applied).isBefore(head.nextAttemptAt());
        assertThat(lag).isLessThan(Duration.ofMillis((long) (age * 1000)).plusSeconds(5));
        assertThat(waiting().parkedOf(waits)).isEmpty();
    }

    private WaitingRecords waiting() {
        return new WaitingRecords(parked, jdbc, meters);
    }

    private long appliedByEffects() {
        return jdbc.queryForObject("select count(*) from test_effects", Long.class);
    }

    private static EventId newEventId() {
        return EventId.of(UUID.randomUUID().toString());
    }
}
