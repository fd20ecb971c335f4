package io.accessledger.spine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.EventCatalog;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.WithdrawalReason;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.inbound.DeadLetters;
import io.accessledger.spine.inbound.InboundListeners;
import io.accessledger.spine.inbound.ParkedRecordStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Failures as a real deployment has them: a handler that fails for a while (a database failover, an outside system
 * down), an event that arrives before what it needs, a type from a newer producer, and dead letters re-driven after
 * a fix. Nothing may be lost, nothing dead-lettered for being transient, and a key keeps its order throughout.
 */
@SpringBootTest(classes = SpineTestApp.class, properties = {
        "spring.application.name=request-service",
        "axon.axonserver.enabled=false",
        "spring.kafka.admin.operation-timeout=5s",
        "accessledger.spine.retry-backoff=50ms",
        "accessledger.spine.park-backoff=200ms",
        "accessledger.spine.park-backoff-max=1s",
        "accessledger.spine.park-poll-interval=200ms",
        "accessledger.spine.park-max-age=6s"})
class InboundRetriesTest {
    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();
    private static final String TOPIC = Topic.REQUEST.topicName();
    private static final Instant AT = Instant.parse("2026-11-02T09:00:00Z");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
        registry.add("spring.datasource.url", () -> LocalPostgres.freshDatabaseUrl("retries"));
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
    @Autowired
    InboundListeners inbound;

    @AfterEach
    void healEverything() {
        SpineTestApp.Effects.databaseDown = false;
        SpineTestApp.Effects.prerequisiteArrived = false;
        SpineTestApp.Effects.poisonCured = false;
    }

    @Test
    void aHandlerFailingForMinutesIsParkedNotDeadLetteredAndItsKeyCatchesUpInOrderOnceItIsBack() {
        double deadLetteredBefore = deadLettered();
        SpineTestApp.Effects.databaseDown = true;
        RequestId flaky = RequestId.of("R-" + UUID.randomUUID() + "-flaky");
        List<EventId> events = List.of(newEventId(), newEventId(), newEventId());
        commands.sendAndWait(new SpineTestApp.Submit(flaky, events.get(0), 1, AT));
        commands.sendAndWait(new SpineTestApp.Revise(flaky, events.get(1), 2, AT.plusSeconds(1)));
        commands.sendAndWait(new SpineTestApp.Revise(flaky, events.get(2), 3, AT.plusSeconds(2)));
        RequestId other = RequestId.of("R-" + UUID.randomUUID());
        EventId otherEvent = newEventId();
        commands.sendAndWait(new SpineTestApp.Submit(other, otherEvent, 9, AT));

        await().atMost(Duration.ofSeconds(60)).until(() -> parkedKeys(flaky).size() == 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> effects("event_id = '" + otherEvent.value() + "'") == 1);
        assertThat(parkedKeys(flaky).get(0).reason()).contains("the database is failing over");
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedKeys(flaky).get(0).attempts() >= 2);
        assertThat(deadLettered()).isEqualTo(deadLetteredBefore);

        SpineTestApp.Effects.databaseDown = false;

        await().atMost(Duration.ofSeconds(30)).until(() -> parkedKeys(flaky).isEmpty());
        List<String> order = jdbc.queryForList("select justification from test_effects where event_id in (?, ?, ?)"
                + " order by id", String.class, events.stream().map(EventId::value).toArray());
        assertThat(order).containsExactly("sequence 1", "sequence 2", "sequence 3");
        assertThat(deadLettered()).isEqualTo(deadLetteredBefore);
    }

    @Test
    void anEventThatArrivesBeforeItsPrerequisiteWaitsDurablyAndIsHandledWhenItArrives() {
        RequestId early = RequestId.of("R-" + UUID.randomUUID() + "-early");
        EventId event = newEventId();
        commands.sendAndWait(new SpineTestApp.Submit(early, event, 1, AT));

        await().atMost(Duration.ofSeconds(60)).until(() -> parkedKeys(early).size() == 1);
        assertThat(parkedKeys(early).get(0).reason()).contains("NotYet").contains("the prerequisite of");

        SpineTestApp.Effects.prerequisiteArrived = true;

        await().atMost(Duration.ofSeconds(30)).until(() -> effects("event_id = '" + event.value() + "'") == 1);
        assertThat(parkedKeys(early)).isEmpty();
    }

    @Test
    void aRecordThatNeverSucceedsGoesToTheDeadLetterTopicOnlyAfterItsParkingTimeIsOver() {
        RequestId hopeless = RequestId.of("R-" + UUID.randomUUID() + "-hopeless");
        commands.sendAndWait(new SpineTestApp.Submit(hopeless, newEventId(), 1, AT));

        await().atMost(Duration.ofSeconds(60)).until(() -> parkedKeys(hopeless).size() == 1);
        Instant parkedAt = parkedKeys(hopeless).get(0).parkedAt();
        await().atMost(Duration.ofSeconds(60)).until(() -> parkedKeys(hopeless).isEmpty());

        assertThat(Duration.between(parkedAt, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
        assertThat(meters.find("accessledger.inbound.dead_lettered").tag("kind", "GAVE_UP").counters())
                .extracting(counter -> (int) counter.count()).containsExactly(1);
    }

    /**
     * Two instances share a consumer group: a rebalance moves a key's partition from the instance that parked its head
     * to another one, which never saw that record. The head here is written straight into {@code inbound_parked} (the
     * table every instance shares), as the first instance left it, not due for an hour: this instance must still park
     * the live records of its key behind it, and handle them after it, in order. A per-instance memory of parked keys
     * that was not rebuilt from the table on partition assignment would handle them at once, ahead of the head.
     */
    @Test
    void aKeyParkedByAnotherInstanceBeforeItsPartitionMovedHereHoldsBackItsLiveRecordsHereUntilItsHeadIsHandled() {
        RequestId moved = RequestId.of("R-" + UUID.randomUUID());
        EventId head = newEventId();
        RequestSubmitted submitted = new RequestSubmitted(head, moved, null, EmployeeId.of("E1"), EmployeeId.of("E1"),
                "salesforce", "read", "sequence 1", null, null, RequestSource.PORTAL, false, List.of(), AT);
        String ceType = EventCatalog.of(submitted).ceType();
        Instant now = Instant.now();
        parked.park("effects", new io.accessledger.spine.inbound.InboundRecord(TOPIC, 0, Long.MAX_VALUE - 1,
                moved.value(), Map.of(CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, head.value(),
                        CloudEventHeaders.SOURCE, "/accessledger/request-service", CloudEventHeaders.TYPE, ceType,
                        CloudEventHeaders.TIME, AT.toString()), new EventCodec().encode(submitted)),
                "IllegalStateException: parked by the other instance", now, now.plusSeconds(3600));
        EventId second = newEventId();
        EventId third = newEventId();

        commands.sendAndWait(new SpineTestApp.Submit(moved, second, 2, AT.plusSeconds(1)));
        commands.sendAndWait(new SpineTestApp.Revise(moved, third, 3, AT.plusSeconds(2)));

        await().atMost(Duration.ofSeconds(60)).until(() -> parkedKeys(moved).size() == 3);
        assertThat(parkedKeys(moved).subList(1, 3)).allSatisfy(row -> assertThat(row.reason())
                .isEqualTo("behind a parked record of key " + moved.value()));
        assertThat(effects("event_id in ('" + second.value() + "', '" + third.value() + "')")).isZero();

        jdbc.update("update inbound_parked set next_attempt_at = now() where id = ?", parkedKeys(moved).get(0).id());

        await().atMost(Duration.ofSeconds(30)).until(() -> parkedKeys(moved).isEmpty());
        List<String> order = jdbc.queryForList("select justification from test_effects where event_id in (?, ?, ?)"
                + " order by id", String.class, head.value(), second.value(), third.value());
        assertThat(order).containsExactly("sequence 1", "sequence 2", "sequence 3");
    }

    @Test
    void anUnknownButWellFormedTypeFromANewerProducerIsSkippedAndCountedNotDeadLettered() {
        String key = "R-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(record(key, "newer-" + key, "accessledger.request.escalated-to-board.v1",
                    "{\"eventId\":\"x\"}"));
        }
        RequestId after = RequestId.of(key);
        EventId afterEvent = newEventId();
        commands.sendAndWait(new SpineTestApp.Submit(after, afterEvent, 1, AT));

        await().atMost(Duration.ofSeconds(60)).until(() -> effects("event_id = '" + afterEvent.value() + "'") == 1);
        assertThat(meters.counter("accessledger.inbound.skipped_unknown_type", "consumer", "effects", "ce_type",
                "accessledger.request.escalated-to-board.v1").count()).isEqualTo(1);
        assertThat(parked.of("effects")).noneMatch(row -> row.record().orderingKey().equals(key));
    }

    @Test
    void aValidRecordOfATypeItsConsumerDoesNotHandleIsPassedOverWithoutDedupeParkingOrDeadLetter() {
        double deadLetteredBefore = deadLettered();
        String key = "R-" + UUID.randomUUID();
        EventId ignored = newEventId();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(record(key, ignored.value(), "accessledger.request.withdrawn.v2", new String(
                    new EventCodec().encode(new RequestWithdrawn(ignored, RequestId.of(key), EmployeeId.of("E1"),
                            WithdrawalReason.byRequester("not needed any more"), AT)), StandardCharsets.UTF_8)));
        }
        RequestId after = RequestId.of(key);
        EventId afterEvent = newEventId();
        commands.sendAndWait(new SpineTestApp.Submit(after, afterEvent, 1, AT));

        await().atMost(Duration.ofSeconds(60)).until(() -> effects("event_id = '" + afterEvent.value() + "'") == 1);
        assertThat(jdbc.queryForObject("select count(*) from inbound_dedupe where event_id = ?", Integer.class,
                ignored.value())).isZero();
        assertThat(deadLettered()).isEqualTo(deadLetteredBefore);
        assertThat(parked.of("effects")).noneMatch(row -> row.record().orderingKey().equals(key));
    }

    @Test
    void aBrokenRecordOfATypeNoConsumerOnItsTopicHandlesIsDeadLetteredWithItsReasonNotPassedOverSilently() {
        String key = "R-" + UUID.randomUUID() + "-broken";
        String brokenId = "withdrawn-" + key;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // a known type that no consumer of this service handles (its old version, read through an upcaster),
            // with a value no decoder would take
            producer.send(record(key, brokenId, "accessledger.request.withdrawn.v1", "not json at all"));
        }
        RequestId after = RequestId.of(key);
        EventId afterEvent = newEventId();
        commands.sendAndWait(new SpineTestApp.Submit(after, afterEvent, 1, AT));

        await().atMost(Duration.ofSeconds(60)).until(() -> effects("event_id = '" + afterEvent.value() + "'") == 1);
        List<ConsumerRecord<String, byte[]>> dead = await().atMost(Duration.ofSeconds(60)).until(
                () -> TopicRecords.withKey(BROKER.bootstrapServers(), Topic.REQUEST.deadLetterTopicName(), key),
                records -> !records.isEmpty());
        assertThat(dead).singleElement().satisfies(letter -> {
            assertThat(TopicRecords.header(letter, CloudEventHeaders.ID)).isEqualTo(brokenId);
            assertThat(TopicRecords.header(letter, DeadLetters.CONSUMER)).isEqualTo("effects");
            assertThat(TopicRecords.header(letter, DeadLetters.KIND)).isEqualTo("UNDECODABLE");
            assertThat(TopicRecords.header(letter, DeadLetters.REASON)).contains("not JSON");
        });
        assertThat(jdbc.queryForObject("select count(*) from inbound_dedupe where event_id = ?", Integer.class,
                brokenId)).isZero();
        assertThat(parked.of("effects")).noneMatch(row -> row.record().orderingKey().equals(key));
    }

    @Test
    void theOffsetsOfHandledRecordsAreCommittedWithinTheCommitIntervalNotLeftPending() throws Exception {
        RequestId request = RequestId.of("R-" + UUID.randomUUID());
        EventId event = newEventId();
        commands.sendAndWait(new SpineTestApp.Submit(request, event, 1, AT));
        await().atMost(Duration.ofSeconds(60)).until(() -> effects("event_id = '" + event.value() + "'") == 1);
        long handledUpTo = jdbc.queryForObject("select max(kafka_offset) + 1 from inbound_dedupe where consumer ="
                + " 'effects' and event_id = ?", Long.class, event.value());
        int partition = jdbc.queryForObject("select kafka_partition from inbound_dedupe where consumer = 'effects'"
                + " and event_id = ?", Integer.class, event.value());

        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", BROKER.bootstrapServers()))) {
            // consumer-commit-interval is 1 s by default; a poll that returns nothing still commits what is pending
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("accessledger.request-service.effects")
                        .partitionsToOffsetAndMetadata().get().get(new TopicPartition(TOPIC, partition));
                return committed != null && committed.offset() >= handledUpTo;
            });
        }
    }

    @Test
    void deadLettersAreReDrivenToTheirConsumerAfterAFixOnceHoweverOftenTheReDriveRuns() {
        RequestId poison = RequestId.of("R-" + UUID.randomUUID() + "-poison");
        EventId event = newEventId();
        commands.sendAndWait(new SpineTestApp.Submit(poison, event, 1, AT));
        await().atMost(Duration.ofSeconds(60)).until(() -> meters.find("accessledger.inbound.dead_lettered")
                .tag("kind", "PERMANENT").counters().stream().mapToDouble(c -> c.count()).sum() >= 1);
        assertThat(effects("event_id = '" + event.value() + "'")).isZero();

        SpineTestApp.Effects.poisonCured = true;
        DeadLetters.Redrive first = inbound.redriveDeadLetters(Topic.REQUEST, null);
        DeadLetters.Redrive second = inbound.redriveDeadLetters(Topic.REQUEST, "effects");

        assertThat(effects("event_id = '" + event.value() + "'")).isEqualTo(1);
        assertThat(first.handled()).isGreaterThanOrEqualTo(1);
        assertThat(second.handled()).isZero();
        assertThat(second.duplicates()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void oneQueryFindsTheDueHeadsOfEveryConsumersKeysUpToItsLimitAndLeavesTheRestWaiting() {
        String a = "due-heads-a-" + UUID.randomUUID();
        String b = "due-heads-b-" + UUID.randomUUID();
        Instant now = Instant.now();
        for (int offset = 0; offset < 3; offset++) {
            // three keys of consumer a, each with a head and a record behind it
            parked.park(a, parkable("key-" + offset, offset), "test", now, now.minusSeconds(1));
            parked.park(a, parkable("key-" + offset, 10 + offset), "test", now, now.minusSeconds(1));
        }
        parked.park(b, parkable("due", 20), "test", now, now.minusSeconds(1));
        parked.park(b, parkable("later", 21), "test", now, now.plusSeconds(3600));
        try {
            java.util.Map<String, List<Long>> due = parked.dueHeads(now, 2);

            assertThat(due.get(a)).as("the heads of a's first two keys, not the records behind them")
                    .containsExactly(idOf(a, 0), idOf(a, 1));
            assertThat(due.get(b)).as("b's due head, not the one due in an hour").containsExactly(idOf(b, 20));
        } finally {
            jdbc.update("delete from inbound_parked where consumer in (?, ?)", a, b);
        }
    }

    private long idOf(String consumer, long offset) {
        return parked.of(consumer).stream().filter(row -> row.record().offset() == offset).findFirst().orElseThrow()
                .id();
    }

    private static io.accessledger.spine.inbound.InboundRecord parkable(String key, long offset) {
        return new io.accessledger.spine.inbound.InboundRecord(TOPIC, 0, offset, key, java.util.Map.of(),
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private List<ParkedRecordStore.Parked> parkedKeys(RequestId request) {
        return parked.of("effects").stream().filter(row -> request.value().equals(row.record().key())).toList();
    }

    private int effects(String where) {
        return jdbc.queryForObject("select count(*) from test_effects where " + where, Integer.class);
    }

    private double deadLettered() {
        return meters.find("accessledger.inbound.dead_lettered").counters().stream().mapToDouble(c -> c.count())
                .sum();
    }

    private static EventId newEventId() {
        return EventId.of(UUID.randomUUID().toString());
    }

    /** A record as a producer of the request topic sends one: CloudEvents headers of the given id and type. */
    private static ProducerRecord<String, byte[]> record(String key, String ceId, String ceType, String value) {
        return TopicRecords.cloudEvent(TOPIC, key, ceId, ceType, value);
    }

    private static KafkaProducer<String, byte[]> producer() {
        return TopicRecords.producer(BROKER.bootstrapServers());
    }
}
