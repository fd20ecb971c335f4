package io.accessledger.spine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.it.SpineTestApp.Revise;
import io.accessledger.spine.it.SpineTestApp.Submit;
import io.accessledger.spine.replay.ReadModelRebuilds;
import io.accessledger.spine.replay.ReadModelRebuilds.Rebuild;
import io.accessledger.spine.replay.ReadModelRebuilds.State;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A read model rebuilt from the topic alone, into a fresh schema while the live one serves: it equals the live one
 * (a duplicated record deduplicated as live), no side effect is repeated, and a live row that differs is found.
 */
@SpringBootTest(classes = SpineTestApp.class, properties = {
        "spring.application.name=request-service",
        "axon.axonserver.enabled=false",
        "spine-test.read-model=true",
        "accessledger.spine.retry-backoff=100ms"})
class ReadModelRebuildTest {
    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
        registry.add("spring.datasource.url", () -> LocalPostgres.freshDatabaseUrl("rebuild"));
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ReadModelRebuilds rebuilds;

    @Test
    void aRebuiltReadModelEqualsTheLiveOneRepeatsNoSideEffectAndFindsALiveRowThatDiffers() throws Exception {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            RequestId request = RequestId.of("R-" + run + "-" + i);
            commands.sendAndWait(new Submit(request, EventId.of(UUID.randomUUID().toString()), i, at));
            if (i % 2 == 0) {
                commands.sendAndWait(new Revise(request, EventId.of(UUID.randomUUID().toString()), i + 10, at));
            }
        }
        sendTheFirstRecordAgain();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from test_effects", Integer.class) == 8 && jdbc.queryForObject(
                "select coalesce(sum(revisions), 0) from test_requests", Integer.class) == 3);
        int effectsBefore = jdbc.queryForObject("select count(*) from test_effects", Integer.class);

        Rebuild rebuilt = awaitDone(rebuilds.start());

        assertThat(rebuilt.readModels()).containsExactly("requests-view");
        assertThat(rebuilt.applied()).isEqualTo(8);
        assertThat(rebuilt.duplicates()).as("the record sent twice").isEqualTo(1);
        assertThat(rebuilt.read()).isEqualTo(rebuilt.total()).isEqualTo(9);
        assertThat(rebuilt.comparison()).singleElement().satisfies(table -> {
            assertThat(table.table()).isEqualTo("test_requests");
            assertThat(table.liveRows()).isEqualTo(5);
            assertThat(table.rebuiltRows()).isEqualTo(5);
            assertThat(table.ignoredColumns()).containsExactly("first_seen");
        });
        assertThat(rebuilt.equal()).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from test_effects", Integer.class))
                .as("the side-effect consumer is not part of a rebuild").isEqualTo(effectsBefore);
        assertThat(jdbc.queryForObject("select count(*) from " + rebuilt.schema() + ".test_requests", Integer.class))
                .as("the rebuilt rows are kept for inspection").isEqualTo(5);

        jdbc.update("update test_requests set justification = 'edited in the database' where request_id = ?",
                "R-" + run + "-1");
        Rebuild second = awaitDone(rebuilds.start());
        assertThat(second.equal()).isFalse();
        assertThat(second.comparison().get(0).onlyLive()).isEqualTo(1);
        assertThat(second.comparison().get(0).onlyRebuilt()).isEqualTo(1);

        assertThat(rebuilds.drop(rebuilt.id())).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from information_schema.schemata where schema_name = ?",
                Integer.class, rebuilt.schema())).isZero();
    }

    private Rebuild awaitDone(Rebuild started) {
        assertThat(started.state()).isEqualTo(State.RUNNING);
        await().atMost(Duration.ofSeconds(60)).until(() -> rebuilds.find(started.id()).orElseThrow().state()
                != State.RUNNING);
        Rebuild done = rebuilds.find(started.id()).orElseThrow();
        assertThat(done.state()).as(String.join("; ", done.problems())).isEqualTo(State.DONE);
        return done;
    }

    /** An at-least-once redelivery: the topic's first record, published again as it was. */
    private static void sendTheFirstRecordAgain() throws Exception {
        TopicPartition partition = null;
        ConsumerRecord<String, byte[]> first = null;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.REQUEST.topicName()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (first == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    first = record;
                    partition = new TopicPartition(record.topic(), record.partition());
                    break;
                }
            }
        }
        assertThat(first).as("a record on the request topic").isNotNull();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", BROKER.bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class))) {
            ProducerRecord<String, byte[]> again = new ProducerRecord<>(partition.topic(), partition.partition(),
                    first.key(), first.value(), first.headers());
            producer.send(again).get();
        }
    }
}
