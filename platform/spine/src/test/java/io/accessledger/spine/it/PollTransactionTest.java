package io.accessledger.spine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.inbound.InboundRecord;
import io.accessledger.spine.inbound.ParkedRecordStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A read model's records applied a poll at a time, in one transaction (docs/RELIABILITY.md, "Inbound"): each test
 * sends its records in one Kafka transaction to one partition, so the read-committed consumer sees them at once, in
 * one poll. A failing record must fail neither the poll nor the others of it, a poll delivered again must change
 * nothing, and a key keeps its order behind a parked record, also one parked earlier in the same poll.
 */
@SpringBootTest(classes = SpineTestApp.class, properties = {
        "spring.application.name=request-service",
        "axon.axonserver.enabled=false",
        "spring.kafka.admin.operation-timeout=5s",
        "spine-test.poll-model=true",
        "accessledger.spine.retry-backoff=50ms",
        "accessledger.spine.park-backoff=200ms",
        "accessledger.spine.park-backoff-max=1s",
        "accessledger.spine.park-poll-interval=200ms",
        "accessledger.spine.park-max-age=10m"})
class PollTransactionTest {
    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();
    private static final String TOPIC = Topic.REQUEST.topicName();
    private static final String CONSUMER = "poll-effects";
    private static final Instant AT = Instant.parse("2026-11-02T09:00:00Z");
    private static final EventCodec CODEC = new EventCodec();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
        registry.add("spring.datasource.url", () -> LocalPostgres.freshDatabaseUrl("polls"));
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ParkedRecordStore parked;

    @AfterEach
    void heal() {
        SpineTestApp.PollEffects.failing = false;
        SpineTestApp.PollEffects.prerequisiteArrived = false;
    }

    @Test
    void aPollWithAFailingRecordInTheMiddleAppliesTheOthersOnceAndParksOnlyTheFailingOne() {
        SpineTestApp.PollEffects.failing = true;
        double byRecordBefore = polls("record_by_record");
        RequestId first = request("");
        RequestId failing = request("-failing");
        RequestId last = request("");
        List<DomainEvent> poll = List.of(submitted(first, "first"), submitted(failing, "failing"),
                submitted(last, "last"));

        sendInOnePoll(poll);

        await().atMost(Duration.ofSeconds(60)).until(() -> parkedOf(failing).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(first) == 1 && rows(last) == 1);
        assertThat(parkedOf(failing).get(0).reason()).contains("the read model's table is locked");
        assertThat(rows(failing)).isZero();
        assertThat(polls("record_by_record")).isGreaterThan(byRecordBefore);

        SpineTestApp.PollEffects.failing = false;

        await().atMost(Duration.ofSeconds(30)).until(() -> parkedOf(failing).isEmpty());
        assertThat(List.of(rows(first), rows(failing), rows(last))).containsExactly(1, 1, 1);
    }

    @Test
    void aPollDeliveredAgainChangesNothingAndAnEventTwiceInOnePollIsAppliedOnce() {
        RequestId one = request("");
        RequestId two = request("");
        List<DomainEvent> poll = List.of(submitted(one, "one"), submitted(two, "two"),
                revised(one, "one revised"));
        double wholeBefore = polls("whole");

        sendInOnePoll(poll);
        await().atMost(Duration.ofSeconds(60)).until(() -> rows(one) == 2 && rows(two) == 1);
        assertThat(polls("whole")).isGreaterThan(wholeBefore);
        double duplicatesBefore = counter("accessledger.inbound.duplicates");

        // the same events again, as a poll redelivered after a crash before its offsets were committed, and one of
        // them twice within the poll
        sendInOnePoll(List.of(poll.get(0), poll.get(1), poll.get(2), poll.get(1)));

        await().atMost(Duration.ofSeconds(60)).until(
                () -> counter("accessledger.inbound.duplicates") >= duplicatesBefore + 4);
        assertThat(List.of(rows(one), rows(two))).containsExactly(2, 1);
        assertThat(jdbc.queryForObject("select count(*) from inbound_dedupe where consumer = ? and event_id in (?, ?, ?)",
                Integer.class, CONSUMER, poll.get(0).eventId().value(), poll.get(1).eventId().value(),
                poll.get(2).eventId().value())).isEqualTo(3);
    }

    @Test
    void theSecondRecordOfAKeyWhoseFirstIsParkedInTheSamePollIsParkedBehindItAndHandledAfterIt() {
        RequestId waiting = request("-waiting");
        RequestId other = request("");
        List<DomainEvent> poll = List.of(submitted(waiting, "sequence 1"), submitted(other, "other"),
                revised(waiting, "sequence 2"));

        sendInOnePoll(poll);

        await().atMost(Duration.ofSeconds(60)).until(() -> parkedOf(waiting).size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(other) == 1);
        List<ParkedRecordStore.Parked> held = parkedOf(waiting);
        assertThat(held.get(0).reason()).contains("NotYet");
        assertThat(held.get(1).reason()).contains("behind a parked record of key " + waiting.value());
        assertThat(rows(waiting)).isZero();

        SpineTestApp.PollEffects.prerequisiteArrived = true;

        await().atMost(Duration.ofSeconds(30)).until(() -> parkedOf(waiting).isEmpty());
        assertThat(jdbc.queryForList("select justification from test_poll_effects where request_id = ? order by id",
                String.class, waiting.value())).containsExactly("sequence 1", "sequence 2");
    }

    @Test
    void aPollAppliedWholeParksTheRecordsOfAKeyParkedBeforeAndAppliesTheOthers() {
        RequestId held = request("");
        RequestSubmitted head = submitted(held, "sequence 1");
        Instant now = Instant.now();
        parked.park(CONSUMER, new InboundRecord(TOPIC, 0, Long.MAX_VALUE - 2, held.value(), headers(head),
                CODEC.encode(head)), "IllegalStateException: parked before", now, now.plusSeconds(3600));
        RequestId free = request("");
        double wholeBefore = polls("whole");

        sendInOnePoll(List.of(revised(held, "sequence 2"), submitted(free, "free"), revised(held, "sequence 3")));

        await().atMost(Duration.ofSeconds(60)).until(() -> rows(free) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedOf(held).size() == 3);
        assertThat(polls("whole")).isGreaterThan(wholeBefore);
        assertThat(rows(held)).isZero();
        assertThat(parkedOf(held).subList(1, 3)).allSatisfy(
                row -> assertThat(row.reason()).contains("behind a parked record of key " + held.value()));

        parked.of(CONSUMER).stream().filter(row -> row.record().offset() == Long.MAX_VALUE - 2).forEach(
                row -> jdbc.update("update inbound_parked set next_attempt_at = now() where id = ?", row.id()));

        await().atMost(Duration.ofSeconds(30)).until(() -> parkedOf(held).isEmpty());
        assertThat(jdbc.queryForList("select justification from test_poll_effects where request_id = ? order by id",
                String.class, held.value())).containsExactly("sequence 1", "sequence 2", "sequence 3");
    }

    private static RequestId request(String suffix) {
        return RequestId.of("R-" + UUID.randomUUID() + suffix);
    }

    private static RequestSubmitted submitted(RequestId request, String justification) {
        return new RequestSubmitted(EventId.of(UUID.randomUUID().toString()), request, null, EmployeeId.of("E1"),
                EmployeeId.of("E1"), "salesforce", "read", justification, null, null, RequestSource.PORTAL, false,
                List.of(), AT);
    }

    private static RequestRevised revised(RequestId request, String justification) {
        return new RequestRevised(EventId.of(UUID.randomUUID().toString()), request, EmployeeId.of("E1"),
                justification, "read", null, AT.plusSeconds(1));
    }

    private static Map<String, String> headers(DomainEvent event) {
        return TopicRecords.headers(event, AT);
    }

    /** Sends the events, keyed by subject, to partition 0 in one Kafka transaction: one poll of the consumer. */
    private static void sendInOnePoll(List<DomainEvent> events) {
        TopicRecords.sendInOnePoll(BROKER.bootstrapServers(), TOPIC, events, AT);
    }

    private List<ParkedRecordStore.Parked> parkedOf(RequestId request) {
        return parked.of(CONSUMER).stream().filter(row -> request.value().equals(row.record().key())).toList();
    }

    private int rows(RequestId request) {
        return jdbc.queryForObject("select count(*) from test_poll_effects where request_id = ?", Integer.class,
                request.value());
    }

    private double polls(String outcome) {
        Counter counter = meters.find("accessledger.inbound.polls").tag("consumer", CONSUMER).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double counter(String name) {
        Counter counter = meters.find(name).tag("consumer", CONSUMER).counter();
        return counter == null ? 0 : counter.count();
    }
}
