package io.accessledger.provisioning;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
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
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole provisioning-service as it runs, for service-level tests: a real (in-JVM KRaft) broker, its own fresh
 * PostgreSQL database, events published the way other services publish them, and its own topic read back.
 */
public final class ServiceFixture implements AutoCloseable {
    private static final EventCodec CODEC = new EventCodec();
    private final KraftBroker broker;
    private final ConfigurableApplicationContext service;
    private final KafkaProducer<String, byte[]> producer;

    private ServiceFixture(KraftBroker broker, ConfigurableApplicationContext service) {
        this.broker = broker;
        this.service = service;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Starts a broker and the service on it, with these extra sources (test beans) and arguments. */
    public static ServiceFixture start(String database, List<Class<?>> sources, String... args) {
        KraftBroker broker = KraftBroker.onFreePorts().start();
        String[] all = Stream.concat(Stream.of(
                "--spring.profiles.active=local",
                "--server.port=0",
                "--spring.datasource.url=" + LocalPostgres.freshDatabaseUrl(database),
                "--spring.datasource.username=postgres",
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--spring.kafka.admin.operation-timeout=5s",
                "--accessledger.spine.retry-backoff=200ms",
                "--logging.level.org.apache.kafka=ERROR",
                "--logging.level.org.axonframework=WARN"), Stream.of(args)).toArray(String[]::new);
        ConfigurableApplicationContext service = ProvisioningServiceApplication.application()
                .sources(sources.toArray(Class<?>[]::new)).run(all);
        return new ServiceFixture(broker, service);
    }

    public JdbcTemplate jdbc() {
        return service.getBean(JdbcTemplate.class);
    }

    public <T> T bean(Class<T> type) {
        return service.getBean(type);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");
    }

    /** Publishes the event as its owning service would: its topic, its key, CloudEvents headers. */
    public void publish(DomainEvent event, String source) {
        Envelope envelope = Envelope.of(event, source, event.subject(), null, null);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventCatalog.of(event).topic().topicName(),
                event.subject(), CODEC.encode(event));
        envelope.toHeaders().forEach((name, value) -> record.headers().add(name,
                value.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A person the directory knows, with an e-mail address (their sign-in name on targets) and a manager. */
    public void hire(String employeeId, String name, String email, String managerId) {
        publish(new EmployeeHired(EventId.of(UUID.randomUUID().toString()), EmployeeId.of(employeeId),
                new EmployeeProfile(EmployeeId.of(employeeId), name, email, "Engineering", "Engineer",
                        managerId == null ? null : EmployeeId.of(managerId), null, EmploymentStatus.ACTIVE, null, null,
                        true), LocalDate.parse("2026-01-01"), "bamboohr", Instant.parse("2026-11-01T08:00:00Z")),
                "request-service");
    }

    /** The events of this type with this key on the service's own topic, as committed so far. */
    public <T extends DomainEvent> List<T> published(String key, Class<T> type) {
        List<T> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.PROVISIONING.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    DomainEvent event = CODEC.decode(new String(record.headers().lastHeader("ce_type").value(),
                            StandardCharsets.UTF_8), record.value());
                    if (type.isInstance(event) && key.equals(record.key())) {
                        found.add(type.cast(event));
                    }
                }
            }
        }
        return found;
    }

    @Override
    public void close() {
        producer.close();
        service.close();
        broker.close();
    }
}
