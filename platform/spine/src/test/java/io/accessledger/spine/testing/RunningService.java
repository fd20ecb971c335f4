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
import java.time.Instant;
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
    private final boolean ownsBroker;

    private RunningService(KraftBroker broker, ConfigurableApplicationContext context, boolean ownsBroker) {
        this.broker = broker;
        this.context = context;
        this.ownsBroker = ownsBroker;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /**
     * Starts a broker and the application on it: the {@code local} profile, a free port, a fresh database named
     * {@code database}, short retries, quiet Kafka and Axon logs, then {@code args}, which replace any of these they
     * name (e.g. {@code --spring.datasource.url=} of a database at an older version, {@code SchemaVersions}).
     */
    public static RunningService start(SpringApplicationBuilder application, String database, String... args) {
        KraftBroker broker = KraftBroker.onFreePorts().start();
        String[] all = withDefaults(LocalPostgres.freshDatabaseUrl(database), broker.bootstrapServers(), args);
        try {
            return new RunningService(broker, application.run(all), true);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /**
     * A second instance of the same service beside this one: same broker, same database (so the same consumer groups,
     * tokens and leases), its own port — what scaling out a service does.
     */
    public RunningService secondInstance(SpringApplicationBuilder application, String... args) {
        String[] all = withDefaults(context.getEnvironment().getProperty("spring.datasource.url"),
                broker.bootstrapServers(), args);
        return new RunningService(broker, application.run(all), false);
    }

    /** The local profile, a free port, the database and broker, short retries, quiet logs; {@code args} replace any. */
    private static String[] withDefaults(String databaseUrl, String bootstrapServers, String... args) {
        java.util.Set<String> given = Stream.of(args).map(arg -> arg.split("=", 2)[0])
                .collect(java.util.stream.Collectors.toSet());
        return Stream.concat(Stream.of(
                "--spring.profiles.active=local",
                "--server.port=0",
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=postgres",
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--spring.kafka.admin.operation-timeout=5s",
                "--accessledger.spine.retry-backoff=200ms",
                "--logging.level.org.apache.kafka=ERROR",
                "--logging.level.org.axonframework=WARN").filter(arg -> !given.contains(arg.split("=", 2)[0])),
                Stream.of(args)).toArray(String[]::new);
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
        send(EventCatalog.of(event).topic(), Envelope.of(event, source, event.subject(), causationId, null),
                CODEC.encode(event));
    }

    /**
     * Publishes the events as their owning service would ({@link #publish}), but in ONE Kafka transaction and all to
     * partition 0 of their topics: a read-committed consumer of them sees them at once, in one poll.
     */
    public void publishInOnePoll(String source, List<DomainEvent> events) {
        try (KafkaProducer<String, byte[]> transactional = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "one-poll-" + java.util.UUID.randomUUID(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            transactional.initTransactions();
            transactional.beginTransaction();
            for (DomainEvent event : events) {
                Envelope envelope = Envelope.of(event, source, event.subject(), null, null);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventCatalog.of(event).topic().topicName(),
                        0, envelope.subject(), CODEC.encode(event));
                envelope.toHeaders().forEach((name, header) -> record.headers().add(name,
                        header.getBytes(StandardCharsets.UTF_8)));
                transactional.send(record);
            }
            transactional.commitTransaction();
        }
    }

    /**
     * Publishes a value as a producer of another version would: raw JSON under the given {@code ce_type} (an old
     * version a log still holds), keyed and identified by {@code subject} and {@code eventId}.
     */
    public void publishRaw(Topic topic, String ceType, String subject, String eventId, Instant time, String json,
            String source) {
        send(topic, new Envelope(eventId, "/accessledger/" + source, ceType, time, subject, subject, null, null),
                json.getBytes(StandardCharsets.UTF_8));
    }

    private void send(Topic topic, Envelope envelope, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.topicName(), envelope.subject(), value);
        envelope.toHeaders().forEach((name, header) -> record.headers().add(name,
                header.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish " + envelope.type() + " " + envelope.id(), e);
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
        if (ownsBroker) {
            broker.close();
        }
    }
}
