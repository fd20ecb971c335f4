package io.accessledger.spine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.inbound.ParkedRecordStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A case driver's records (a consumer whose effect is Axon commands on its own thread, {@code
 * EventConsumer#effectInTransaction}) applied a poll at a time, in one transaction (docs/RELIABILITY.md, "Inbound"):
 * each test sends its records in one Kafka transaction to one partition, so the read-committed consumer takes them in
 * one poll. One transaction is seen in PostgreSQL itself: the rows it wrote carry its id ({@code xmin}). A command
 * that fails must fail neither the poll nor the others of it, nothing may be appended twice, and a consumer that did
 * not say its effect lies in the transaction keeps a transaction per record.
 */
@SpringBootTest(classes = SpineTestApp.class, properties = {
        "spring.application.name=request-service",
        "axon.axonserver.enabled=false",
        "spring.kafka.admin.operation-timeout=5s",
        "spine-test.poll-driver=true",
        "accessledger.spine.retry-backoff=50ms",
        "accessledger.spine.park-backoff=200ms",
        "accessledger.spine.park-backoff-max=1s",
        "accessledger.spine.park-poll-interval=200ms",
        "accessledger.spine.park-max-age=10m"})
class CaseDriverPollTest {
    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();
    private static final String TOPIC = Topic.REQUEST.topicName();
    private static final String DRIVER = "poll-driver";
    private static final Instant AT = Instant.parse("2026-12-07T05:00:00Z");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
        registry.add("spring.datasource.url", () -> LocalPostgres.freshDatabaseUrl("driver_polls"));
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
        SpineTestApp.PollDriver.refusing = false;
    }

    @Test
    void aCaseDriversPollIsOneTransactionInWhichASecondCommandOnAnAggregateSeesTheFirst() {
        RequestId one = driven();
        RequestId two = driven();
        List<DomainEvent> poll = List.of(submitted(one, "one"), submitted(two, "two"), revised(one));
        double wholeBefore = polls("whole");
        double byRecordBefore = polls("record_by_record");

        sendInOnePoll(poll);

        await().atMost(Duration.ofSeconds(60)).until(() -> appended(one) == 2 && appended(two) == 1);
        assertThat(polls("whole")).isGreaterThan(wholeBefore);
        assertThat(polls("record_by_record")).isEqualTo(byRecordBefore);
        // the two commands' appends and the three dedupe rows: one PostgreSQL transaction
        List<Long> transactions = jdbc.queryForList("""
                select distinct xmin::text::bigint from domainevententry where aggregateidentifier in (?, ?)
                union select distinct xmin::text::bigint from inbound_dedupe
                where consumer = ? and event_id in (?, ?, ?)""",
                Long.class, caseOf(one), caseOf(two), DRIVER, id(poll, 0), id(poll, 1), id(poll, 2));
        assertThat(transactions).hasSize(1);
    }

    @Test
    void aConsumerThatDoesNotSayItsEffectLiesInTheTransactionKeepsATransactionPerRecord() {
        List<DomainEvent> poll = List.of(submitted(driven(), "a"), submitted(driven(), "b"), submitted(driven(), "c"));

        sendInOnePoll(poll);

        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from test_effects where event_id in (?, ?, ?)", Integer.class, id(poll, 0),
                id(poll, 1), id(poll, 2)) == 3);
        assertThat(jdbc.queryForObject("select count(distinct xmin::text) from test_effects"
                + " where event_id in (?, ?, ?)", Integer.class, id(poll, 0), id(poll, 1), id(poll, 2))).isEqualTo(3);
        assertThat(meters.find("accessledger.inbound.polls").tag("consumer", "effects").counters()).isEmpty();
    }

    @Test
    void aCommandRefusedInTheMiddleOfAPollRollsItBackAndEveryCommandIsAppendedOnce() {
        SpineTestApp.PollDriver.refusing = true;
        RequestId first = driven();
        RequestId refused = driven();
        RequestId last = driven();
        double byRecordBefore = polls("record_by_record");
        double parkedBefore = counter("accessledger.inbound.parked_records");

        sendInOnePoll(List.of(submitted(first, "first"), submitted(refused, SpineTestApp.PollDriver.REFUSED),
                submitted(last, "last")));

        await().atMost(Duration.ofSeconds(60)).until(() -> parkedOf(refused).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> appended(first) == 1 && appended(last) == 1);
        assertThat(parkedOf(refused).get(0).reason()).contains("refuses");
        assertThat(appended(refused)).isZero();
        assertThat(polls("record_by_record")).isGreaterThan(byRecordBefore);

        SpineTestApp.PollDriver.refusing = false;

        await().atMost(Duration.ofSeconds(30)).until(() -> parkedOf(refused).isEmpty());
        assertThat(List.of(appended(first), appended(refused), appended(last))).containsExactly(1, 1, 1);
        // only the refused record was ever parked: the others were handled on their own when the poll fell back
        assertThat(counter("accessledger.inbound.parked_records")).isEqualTo(parkedBefore + 1);
    }

    @Test
    void aCommandFailureTheDriverSwallowsLeavesThePollWhole() {
        RequestId first = driven();
        RequestId tolerated = driven();
        RequestId last = driven();
        double byRecordBefore = polls("record_by_record");

        sendInOnePoll(List.of(submitted(first, "first"), submitted(tolerated, SpineTestApp.PollDriver.CAUGHT),
                submitted(last, "last")));

        await().atMost(Duration.ofSeconds(60)).until(() -> appended(first) == 1 && appended(last) == 1);
        assertThat(polls("record_by_record")).isEqualTo(byRecordBefore);
        assertThat(jdbc.queryForObject("select count(distinct xmin::text) from domainevententry"
                + " where aggregateidentifier in (?, ?)", Integer.class, caseOf(first), caseOf(last))).isEqualTo(1);
        assertThat(parkedOf(tolerated)).isEmpty();
    }

    @Test
    void aCaseDriversPollDeliveredAgainAppendsNothing() {
        RequestId one = driven();
        RequestId two = driven();
        sendInOnePoll(List.of(submitted(one, "one"), submitted(two, "two")));
        await().atMost(Duration.ofSeconds(60)).until(() -> appended(one) == 1 && appended(two) == 1);
        List<DomainEvent> revisions = List.of(revised(one), revised(two), revised(one));
        sendInOnePoll(revisions);
        await().atMost(Duration.ofSeconds(60)).until(() -> appended(one) == 3 && appended(two) == 2);
        double duplicatesBefore = counter("accessledger.inbound.duplicates");
        double byRecordBefore = polls("record_by_record");

        // the same records again, as a poll redelivered after a crash before its offsets were committed
        sendInOnePoll(revisions);

        await().atMost(Duration.ofSeconds(60)).until(
                () -> counter("accessledger.inbound.duplicates") >= duplicatesBefore + 3);
        assertThat(List.of(appended(one), appended(two))).containsExactly(3, 2);
        assertThat(polls("record_by_record")).isEqualTo(byRecordBefore);
    }

    private static RequestId driven() {
        return RequestId.of("R-" + UUID.randomUUID() + "-drive");
    }

    private static String caseOf(RequestId request) {
        return SpineTestApp.PollDriver.caseOf(request.value()).value();
    }

    private static String id(List<DomainEvent> poll, int index) {
        return poll.get(index).eventId().value();
    }

    private static RequestSubmitted submitted(RequestId request, String justification) {
        return new RequestSubmitted(EventId.of(UUID.randomUUID().toString()), request, null, EmployeeId.of("E1"),
                EmployeeId.of("E1"), "salesforce", "read", justification, null, null, RequestSource.PORTAL, false,
                List.of(), AT);
    }

    private static RequestRevised revised(RequestId request) {
        return new RequestRevised(EventId.of(UUID.randomUUID().toString()), request, EmployeeId.of("E1"), "revised",
                "read", null, AT.plusSeconds(1));
    }

    /** Sends the events, keyed by subject, to partition 0 in one Kafka transaction: one poll of the consumer. */
    private static void sendInOnePoll(List<DomainEvent> events) {
        TopicRecords.sendInOnePoll(BROKER.bootstrapServers(), TOPIC, events, AT);
    }

    /** The events the driver's commands appended to the request's case. */
    private int appended(RequestId request) {
        return jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?",
                Integer.class, caseOf(request));
    }

    private List<ParkedRecordStore.Parked> parkedOf(RequestId request) {
        return parked.of(DRIVER).stream().filter(row -> request.value().equals(row.record().key())).toList();
    }

    private double polls(String outcome) {
        Counter counter = meters.find("accessledger.inbound.polls").tag("consumer", DRIVER).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double counter(String name) {
        Counter counter = meters.find(name).tag("consumer", DRIVER).counter();
        return counter == null ? 0 : counter.count();
    }
}
