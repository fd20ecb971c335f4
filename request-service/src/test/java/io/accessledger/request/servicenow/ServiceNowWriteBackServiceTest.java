package io.accessledger.request.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Stage;
import io.accessledger.events.model.WriteBackOutcome;
import io.accessledger.events.request.ServiceNowItemUpdated;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.request.RequestServiceApplication;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The write-back in the whole request-service (real KRaft broker, real PostgreSQL, a local ServiceNow): a decision
 * about a RITM's request is PATCHed back and published as {@code ServiceNowItemUpdated} on the request topic; a
 * write-back that fails is published as FAILED although the consumer's transaction rolls back, and the spine's retry
 * that delivers it is published once as DELIVERED.
 */
class ServiceNowWriteBackServiceTest {
    private static final EventCodec CODEC = new EventCodec();
    private static KraftBroker broker;
    private static RecordingServer serviceNow;
    private static ConfigurableApplicationContext service;

    @BeforeAll
    static void start() throws Exception {
        broker = KraftBroker.onFreePorts().start();
        serviceNow = new RecordingServer();
        service = RequestServiceApplication.application().run(
                "--spring.profiles.active=local",
                "--server.port=0",
                "--spring.datasource.url=" + LocalPostgres.freshDatabaseUrl("servicenow_writeback"),
                "--spring.datasource.username=postgres",
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--spring.kafka.admin.operation-timeout=5s",
                "--accessledger.spine.retry-backoff=200ms",
                "--accessledger.servicenow.instance-url=" + serviceNow.url(),
                "--accessledger.servicenow.username=accessledger-integration",
                "--accessledger.servicenow.password=integration-password",
                "--accessledger.servicenow.max-attempts=2",
                "--accessledger.servicenow.initial-backoff=10ms",
                "--accessledger.servicenow.max-backoff=50ms",
                "--logging.level.org.apache.kafka=ERROR",
                "--logging.level.org.axonframework=WARN");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        serviceNow.close();
        broker.close();
    }

    @Test
    void aFailedWriteBackIsPublishedAsFailedAndTheRetryThatDeliversItOnceAsDelivered() {
        RequestId request = RequestId.of("R-" + UUID.randomUUID());
        String sysId = UUID.randomUUID().toString().replace("-", "");
        service.getBean(JdbcTemplate.class).update(
                "insert into servicenow_ritm (sys_id, number, request_id, received_at) values (?, ?, ?, ?)",
                sysId, "RITM0010077", request.value(), Timestamp.from(Instant.now()));
        serviceNow.answer(503).answer(503);
        AccessDenied denied = new AccessDenied(EventId.of(UUID.randomUUID().toString()), request, Stage.MANAGER,
                EmployeeId.of("E1031"), "Not needed for the role", Instant.now());

        publish(denied);

        List<ServiceNowItemUpdated> published = await().atMost(Duration.ofSeconds(60))
                .until(() -> published(request.value()), events -> events.size() >= 2);
        assertThat(published).extracting(ServiceNowItemUpdated::outcome)
                .containsExactly(WriteBackOutcome.FAILED, WriteBackOutcome.DELIVERED);
        assertThat(published.get(0)).satisfies(failed -> {
            assertThat(failed.attempts()).isEqualTo(2);
            assertThat(failed.targetAnswer()).contains("HTTP 503");
            assertThat(failed.sysId()).isEqualTo(sysId);
            assertThat(failed.ritmNumber()).isEqualTo("RITM0010077");
            assertThat(failed.state()).isEqualTo("4");
            assertThat(failed.causeEventId()).isEqualTo(denied.eventId());
        });
        assertThat(published.get(1).workNote())
                .isEqualTo("AccessLedger: denied by E1031 — Not needed for the role (request " + request + ")");
        assertThat(serviceNow.received).filteredOn(r -> r.path().endsWith(sysId)).hasSize(3);

        publish(denied);
        await().atMost(Duration.ofSeconds(30)).until(() -> service.getBean(JdbcTemplate.class).queryForObject(
                "select count(*) from request_timeline where request_id = ? and type = 'ServiceNowItemUpdated'",
                Integer.class, request.value()) == 2);
        assertThat(published(request.value())).hasSize(2);
    }

    private static void publish(DomainEvent event) {
        Envelope envelope = Envelope.of(event, "approval-service", event.subject(), null, null);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventCatalog.of(event).topic().topicName(),
                event.subject(), CODEC.encode(event));
        envelope.toHeaders().forEach((name, value) -> record.headers().add(name,
                value.getBytes(StandardCharsets.UTF_8)));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ServiceNowItemUpdated events with this key on the request topic, as committed so far. */
    private static List<ServiceNowItemUpdated> published(String key) {
        List<ServiceNowItemUpdated> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.REQUEST.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    DomainEvent event = CODEC.decode(new String(record.headers().lastHeader("ce_type").value(),
                            StandardCharsets.UTF_8), record.value());
                    if (event instanceof ServiceNowItemUpdated updated && key.equals(record.key())) {
                        found.add(updated);
                    }
                }
            }
        }
        return found;
    }
}
