package io.accessledger.spine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The spine's promises, against a real (in-JVM KRaft) broker and a real PostgreSQL. The context starts while
 * nothing listens on the broker's port: commands must still succeed, and their events go out once it is up.
 */
@SpringBootTest(classes = SpineTestApp.class, properties = {
        "spring.application.name=request-service",
        "axon.axonserver.enabled=false",
        "spring.kafka.admin.operation-timeout=3s",
        "accessledger.spine.retry-backoff=100ms",
        // A client setting from Boot's standard properties, harmless on a plaintext broker: every client carries it.
        "spring.kafka.properties.client.dns.lookup=use_all_dns_ips"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpineTest {
    private static final KraftBroker BROKER = KraftBroker.onFreePorts();
    private static final String BOOTSTRAP = BROKER.bootstrapServers();
    private static final String TOPIC = Topic.REQUEST.topicName();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> BOOTSTRAP);
        registry.add("spring.datasource.url", () -> LocalPostgres.freshDatabaseUrl("spine"));
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    @Autowired
    org.axonframework.common.transaction.TransactionManager axonTransactions;
    @Autowired
    org.springframework.kafka.core.KafkaTemplate<String, byte[]> spineKafkaTemplate;
    @Autowired
    io.accessledger.spine.KafkaConnection connection;

    @Test
    void theOutboxAndTheConsumersReachKafkaWithBootsStandardKafkaSettings() {
        assertThat(spineKafkaTemplate.getProducerFactory().getConfigurationProperties())
                .containsEntry("client.dns.lookup", "use_all_dns_ips")
                .containsEntry("client.id", "request-service-outbox");
        assertThat(connection.with(java.util.Map.of())).containsEntry("client.dns.lookup", "use_all_dns_ips");
        assertThat(connection.bootstrapServers()).isEqualTo(BOOTSTRAP);
    }

    @Test
    void axonRunsItsUnitsOfWorkInSpringsTransactionsNotWithoutAny() {
        assertThat(axonTransactions).isInstanceOf(org.axonframework.spring.messaging.unitofwork.SpringTransactionManager.class);
    }

    @Test
    @Order(1)
    void commandsSucceedWhileKafkaIsUnreachableAndTheirEventsArePublishedInOrderOnceItIsBack() {
        RequestId request = RequestId.of("R-" + UUID.randomUUID());
        Instant at = Instant.parse("2026-11-02T09:00:00Z");
        commands.sendAndWait(new SpineTestApp.Submit(request, newEventId(), 0, at));
        for (int i = 1; i <= 4; i++) {
            commands.sendAndWait(new SpineTestApp.Revise(request, newEventId(), i, at.plusSeconds(i)));
        }
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?",
                Integer.class, request.value())).isEqualTo(5);

        BROKER.start();

        List<ConsumerRecord<String, byte[]>> published = await().atMost(Duration.ofSeconds(90))
                .until(() -> recordsWithKey(TOPIC, request.value()), records -> records.size() == 5);
        assertThat(published).extracting(record -> header(record, CloudEventHeaders.TYPE)).containsExactly(
                "accessledger.request.submitted.v1", "accessledger.request.revised.v1",
                "accessledger.request.revised.v1", "accessledger.request.revised.v1",
                "accessledger.request.revised.v1");
        assertThat(published).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .allMatch(json -> json.contains("sequence"))
                .extracting(json -> json.replaceAll(".*sequence (\\d).*", "$1"))
                .containsExactly("0", "1", "2", "3", "4");
    }

    @Test
    @Order(2)
    void aRecordProducedByTheServiceIsAValidCloudEvent() {
        ConsumerRecord<String, byte[]> record = await().atMost(Duration.ofSeconds(30))
                .until(() -> allRecords(TOPIC), records -> !records.isEmpty()).get(0);
        CloudEvent event = KafkaMessageFactory.createReader(record).toEvent();
        assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
        assertThat(event.getType()).isEqualTo("accessledger.request.submitted.v1");
        assertThat(event.getSource().toString()).isEqualTo("/accessledger/request-service");
        assertThat(event.getSubject()).isEqualTo(record.key());
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(event.getTime()).isNotNull();
        assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8))
                .contains("\"eventId\":\"" + event.getId() + "\"");
        assertThat(event.getExtension("correlationid")).isEqualTo(record.key());
    }

    @Test
    @Order(3)
    void theSameEventDeliveredTwiceHasOneEffect() {
        ConsumerRecord<String, byte[]> original = await().atMost(Duration.ofSeconds(30))
                .until(() -> allRecords(TOPIC), records -> !records.isEmpty()).get(0);
        String eventId = header(original, CloudEventHeaders.ID);
        await().atMost(Duration.ofSeconds(30)).until(() -> effectsOf(eventId) == 1);
        double duplicatesBefore = meters.counter("accessledger.inbound.duplicates", "consumer", "effects").count();

        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(copyOf(original));
            producer.send(copyOf(original));
        }

        await().atMost(Duration.ofSeconds(30)).until(() ->
                meters.counter("accessledger.inbound.duplicates", "consumer", "effects").count()
                        >= duplicatesBefore + 2);
        assertThat(effectsOf(eventId)).isEqualTo(1);
    }

    @Test
    @Order(4)
    void garbageAndPoisonRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheConsumerKeepsGoing() {
        RequestId request = RequestId.of("R-dlt-" + UUID.randomUUID());
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ProducerRecord<String, byte[]> garbage = new ProducerRecord<>(TOPIC, request.value(),
                    "{{ this is not an event".getBytes(StandardCharsets.UTF_8));
            headers(garbage, "garbage-1", "accessledger.request.submitted.v1");
            producer.send(garbage);
            ProducerRecord<String, byte[]> noHeaders = new ProducerRecord<>(TOPIC, request.value(),
                    "{}".getBytes(StandardCharsets.UTF_8));
            producer.send(noHeaders);
        }
        commands.sendAndWait(new SpineTestApp.Submit(RequestId.of(request.value() + "-poison"), newEventId(), 9,
                Instant.parse("2026-11-02T10:00:00Z")));
        RequestId after = RequestId.of(request.value() + "-after");
        EventId afterEvent = newEventId();
        commands.sendAndWait(new SpineTestApp.Submit(after, afterEvent, 7, Instant.parse("2026-11-02T10:00:01Z")));

        await().atMost(Duration.ofSeconds(60)).until(() -> effectsOf(afterEvent.value()) == 1);
        List<ConsumerRecord<String, byte[]>> dead = await().atMost(Duration.ofSeconds(60))
                .until(() -> allRecords(Topic.REQUEST.deadLetterTopicName()), records -> records.size() >= 3);
        Map<String, String> reasons = dead.stream().collect(Collectors.toMap(
                record -> new String(record.value(), StandardCharsets.UTF_8),
                record -> header(record, "accessledger_dlt_reason"), (a, b) -> a));
        assertThat(reasons.get("{{ this is not an event")).contains("not JSON");
        assertThat(reasons.get("{}")).contains("ce_specversion");
        assertThat(reasons.entrySet()).anySatisfy(entry -> {
            assertThat(entry.getKey()).contains("-poison");
            assertThat(entry.getValue()).contains("cannot apply a poison request");
        });
        assertThat(dead).allSatisfy(record ->
                assertThat(header(record, "accessledger_dlt_consumer")).isEqualTo("effects"));
        assertThat(meters.find("accessledger.inbound.dead_lettered").tag("consumer", "effects").tag("topic", TOPIC)
                .counters()).extracting(counter -> counter.getId().getTag("kind") + "=" + (int) counter.count())
                .containsExactlyInAnyOrder("UNDECODABLE=2", "PERMANENT=1");
    }

    @Test
    void consumerLagIsExportedPerConsumerGroup() {
        commands.sendAndWait(new SpineTestApp.Submit(RequestId.of("lag-" + newEventId().value()), newEventId(), 1,
                Instant.parse("2026-11-02T10:00:00Z")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(meters.find("kafka.consumer.fetch.manager.records.lag.max").gauges())
                        .anySatisfy(gauge -> assertThat(gauge.getId().getTag("client.id")).isNotNull()));
    }

    private int effectsOf(String eventId) {
        return jdbc.queryForObject("select count(*) from test_effects where event_id = ?", Integer.class, eventId);
    }

    private static EventId newEventId() {
        return EventId.of(UUID.randomUUID().toString());
    }

    private static ProducerRecord<String, byte[]> copyOf(ConsumerRecord<String, byte[]> record) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(record.topic(), record.key(), record.value());
        for (Header header : record.headers()) {
            copy.headers().add(header.key(), header.value());
        }
        return copy;
    }

    private static void headers(ProducerRecord<String, byte[]> record, String id, String type) {
        record.headers().add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.SOURCE, "/test".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TIME, "2026-11-02T09:00:00Z".getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return TopicRecords.header(record, name);
    }

    private static List<ConsumerRecord<String, byte[]>> recordsWithKey(String topic, String key) {
        return TopicRecords.withKey(BOOTSTRAP, topic, key);
    }

    private static List<ConsumerRecord<String, byte[]>> allRecords(String topic) {
        return TopicRecords.all(BOOTSTRAP, topic);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }


}
