package io.accessledger.spine.testing;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One whole service as it runs, for service-level tests: its own in-JVM KRaft broker, its own fresh PostgreSQL
 * database, events published onto the broker the way their owning services publish them (topic, key, CloudEvents
 * headers), and any topic read back as committed. Every service's service tests use it, so a reader who knows one
 * knows all.
 */
public final class RunningService implements AutoCloseable {
    private static final EventCodec CODEC = new EventCodec();
    private final KraftBroker broker;
    private final ConfigurableApplicationContext context;
    private final KafkaProducer<String, byte[]> producer;

    private RunningService(KraftBroker broker, ConfigurableApplicationContext context) {
        this.broker = broker;
        this.context = context;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /**
     * Starts a broker and the application on it: the {@code local} profile, a free port, a fresh database named
     * {@code database}, short retries, quiet Kafka and Axon logs, then {@code args} (which may override any of these).
     */
    public static RunningService start(SpringApplicationBuilder application, String database, String... args) {
        KraftBroker broker = KraftBroker.onFreePorts().start();
        // a repeated command-line property is joined with commas, not overridden: a given database replaces the
        // fresh one
        boolean given = Stream.of(args).anyMatch(arg -> arg.startsWith("--spring.datasource.url="));
        Stream<String> fresh = given ? Stream.empty()
                : Stream.of("--spring.datasource.url=" + LocalPostgres.freshDatabaseUrl(database));
        String[] all = Stream.of(fresh, Stream.of(
                "--spring.profiles.active=local",
                "--server.port=0",
                "--spring.datasource.username=postgres",
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--spring.kafka.admin.operation-timeout=5s",
                "--accessledger.spine.retry-backoff=200ms",
                "--logging.level.org.apache.kafka=ERROR",
                "--logging.level.org.axonframework=WARN"), Stream.of(args)).flatMap(stream -> stream)
                .toArray(String[]::new);
        try {
            return new RunningService(broker, application.run(all));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** Publishes the event as its owning service would: its topic, its key, CloudEvents headers. */
    public void publish(DomainEvent event, String source) {
        publish(event, source, null);
    }

    /** Publishes the event as caused by another ({@code ce_causationid}), as a consumer's command would. */
    public void publish(DomainEvent event, String source, String causationId) {
        Envelope envelope = Envelope.of(event, source, event.subject(), causationId, null);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventCatalog.of(event).topic().topicName(),
                event.subject(), CODEC.encode(event));
        envelope.toHeaders().forEach((name, value) -> record.headers().add(name,
                value.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish " + event, e);
        }
    }

    /** The events of this type with this key on the topic, as committed so far. */
    public <T extends DomainEvent> List<T> published(Topic topic, String key, Class<T> type) {
        List<T> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName()).stream()
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
        context.close();
        broker.close();
    }
}
