package io.accessledger.spine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.KafkaConnection;
import io.accessledger.spine.SpineProperties;
import io.accessledger.spine.inbound.DeadLetters;
import io.accessledger.spine.inbound.InboundListeners;
import io.accessledger.spine.inbound.ParkedRecordStore;
import io.accessledger.spine.tracing.RecordTracing;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A consumer that runs on every instance (a consumer group per instance, so each instance reads every record) treats a
 * record that is not an event as every consumer does: a dead letter with its reason, and one for all the instances,
 * not one per instance. Two instances here: the service's listeners and a second set of them, as another instance of
 * the service has (a group of its own, the same database).
 */
@SpringBootTest(classes = SpineTestApp.class, properties = {
        "spring.application.name=request-service",
        "axon.axonserver.enabled=false",
        "spring.kafka.admin.operation-timeout=5s",
        "spine-test.every-instance=true",
        "accessledger.spine.retry-backoff=50ms",
        "accessledger.spine.dead-letter-claim-lease=5s",
        "accessledger.spine.dead-letter-claim-retention=10m"})
class EveryInstanceDeadLettersTest {
    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();
    private static final Instant AT = Instant.parse("2026-11-02T09:00:00Z");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
        registry.add("spring.datasource.url", () -> LocalPostgres.freshDatabaseUrl("everyinstance"));
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    SpineTestApp.Everywhere everywhere;
    @Autowired
    KafkaConnection connection;
    @Autowired
    DeadLetters deadLetters;
    @Autowired
    ParkedRecordStore parked;
    @Autowired
    EventCodec codec;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    SpineProperties spine;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Clock clock;
    @Autowired
    RecordTracing tracing;

    @Test
    void aRecordThatIsNotAnEventIsDeadLetteredOnceForAllInstancesWithItsReasonNotOnlyLoggedNorOncePerInstance() {
        InboundListeners secondInstance = new InboundListeners("request-service", List.of(everywhere),
                connection.with(Map.of()), deadLetters, parked, codec, jdbc, transactions, spine, meters, clock,
                tracing);
        secondInstance.start();
        try {
            // each instance reads from the end of the topic when it joins: wait until a record reaches both
            List<String> probes = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (probes.stream().anyMatch(probe -> everywhere.deliveriesOf(probe) == 2)) {
                    return true;
                }
                EventId probe = newEventId();
                probes.add(probe.value());
                commands.sendAndWait(new SpineTestApp.Submit(RequestId.of("R-" + UUID.randomUUID()), probe, 1, AT));
                return false;
            });

            String key = "R-" + UUID.randomUUID() + "-broken";
            try (KafkaProducer<String, byte[]> producer = TopicRecords.producer(BROKER.bootstrapServers())) {
                // one of the type it handles, one of a type it passes over (decoded all the same)
                producer.send(TopicRecords.cloudEvent(Topic.REQUEST.topicName(), key, "submitted-" + key,
                        "accessledger.request.submitted.v1", "not json"));
                producer.send(TopicRecords.cloudEvent(Topic.REQUEST.topicName(), key, "withdrawn-" + key,
                        "accessledger.request.withdrawn.v1", "not json"));
            }
            EventId after = newEventId();
            commands.sendAndWait(new SpineTestApp.Submit(RequestId.of(key), after, 1, AT));
            // the same key, so the same partition: both instances are past the broken records once both have this
            await().atMost(Duration.ofSeconds(60)).until(() -> everywhere.deliveriesOf(after.value()) == 2);

            List<ConsumerRecord<String, byte[]>> letters = await().atMost(Duration.ofSeconds(60)).until(
                    () -> lettersOf(key), records -> records.size() >= 2);
            assertThat(letters).extracting(letter -> TopicRecords.header(letter, CloudEventHeaders.ID))
                    .containsExactlyInAnyOrder("submitted-" + key, "withdrawn-" + key);
            assertThat(letters).allSatisfy(letter -> {
                assertThat(TopicRecords.header(letter, DeadLetters.KIND)).isEqualTo("UNDECODABLE");
                assertThat(TopicRecords.header(letter, DeadLetters.REASON)).contains("not JSON");
            });
            assertThat(jdbc.queryForObject("select count(*) from inbound_dead_lettered where consumer = 'everywhere'",
                    Integer.class)).isEqualTo(2);
            assertThat(everywhere.deliveriesOf("submitted-" + key)).isZero();
        } finally {
            secondInstance.stop();
        }
    }

    @Test
    void theServicesOwnPassSendsAClaimLeftUnsentPastItsLeaseAndPrunesSentClaimsPastTheConfiguredRetention() {
        String consumer = "everywhere-" + UUID.randomUUID();
        String key = "R-" + UUID.randomUUID() + "-abandoned";
        Instant now = clock.instant();
        // claimed a minute ago by an instance that died before sending; its 5 s lease long over
        claim(consumer, 1, key, now.minus(Duration.ofMinutes(1)), null, now.minus(Duration.ofSeconds(55)));
        // sent: an hour ago (past the 10-minute retention, not the default 30 days), and a minute ago
        claim(consumer, 2, key, now.minus(Duration.ofHours(1)), now.minus(Duration.ofHours(1)), now);
        claim(consumer, 3, key, now.minus(Duration.ofMinutes(1)), now.minus(Duration.ofMinutes(1)), now);

        // passes every 5 s: at the default 60 s none would come within these 30 s
        assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> TopicRecords.withKey(BROKER.bootstrapServers(),
                Topic.REQUEST.deadLetterTopicName(), key), letters -> !letters.isEmpty()))
                .singleElement().satisfies(letter -> {
                    assertThat(TopicRecords.header(letter, DeadLetters.CONSUMER)).isEqualTo(consumer);
                    assertThat(TopicRecords.header(letter, DeadLetters.REASON)).contains("not JSON");
                });
        assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList("select kafka_offset"
                + " from inbound_dead_lettered where consumer = ? and sent_at is not null order by kafka_offset",
                Long.class, consumer), offsets -> !offsets.contains(2L) && offsets.contains(1L)))
                .containsExactly(1L, 3L);
    }

    private void claim(String consumer, long offset, String key, Instant claimedAt, Instant sentAt,
            Instant leaseUntil) {
        jdbc.update("""
                insert into inbound_dead_lettered (consumer, topic, kafka_partition, kafka_offset, dead_lettered_at,
                    sent_at, claimed_by, lease_until, record_key, headers, value, kind, reason)
                values (?, ?, 0, ?, ?, ?, 'request-service.dead', ?, ?, '{}', ?, 'UNDECODABLE', 'not JSON')""",
                consumer, Topic.REQUEST.topicName(), offset, Timestamp.from(claimedAt),
                sentAt == null ? null : Timestamp.from(sentAt), Timestamp.from(leaseUntil), key,
                sentAt == null ? "not json".getBytes(StandardCharsets.UTF_8) : null);
    }

    private static List<ConsumerRecord<String, byte[]>> lettersOf(String key) {
        return TopicRecords.withKey(BROKER.bootstrapServers(), Topic.REQUEST.deadLetterTopicName(), key).stream()
                .filter(letter -> "everywhere".equals(TopicRecords.header(letter, DeadLetters.CONSUMER))).toList();
    }

    private static EventId newEventId() {
        return EventId.of(UUID.randomUUID().toString());
    }
}
