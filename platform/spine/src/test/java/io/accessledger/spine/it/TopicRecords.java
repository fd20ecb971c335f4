package io.accessledger.spine.it;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What a topic holds, read from its beginning (committed records only), and records sent raw: for the spine's tests. */
public final class TopicRecords {
    private static final EventCodec CODEC = new EventCodec();

    private TopicRecords() {
    }

    /** A record as a producer of {@code topic} sends one: CloudEvents headers of the given id and type. */
    public static ProducerRecord<String, byte[]> cloudEvent(String topic, String key, String ceId, String ceType,
            String value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8));
        header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
        header(record, CloudEventHeaders.ID, ceId);
        header(record, CloudEventHeaders.SOURCE, "/accessledger/request-service");
        header(record, CloudEventHeaders.TYPE, ceType);
        header(record, CloudEventHeaders.TIME, "2026-11-02T09:00:00Z");
        return record;
    }

    public static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The CloudEvents headers request-service puts on {@code event}, at {@code time}. */
    public static Map<String, String> headers(DomainEvent event, Instant time) {
        return Map.of(CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, event.eventId().value(),
                CloudEventHeaders.SOURCE, "/accessledger/request-service", CloudEventHeaders.TYPE,
                EventCatalog.of(event).ceType(), CloudEventHeaders.TIME, time.toString());
    }

    /**
     * Sends the events, keyed by subject, to partition 0 of {@code topic} in one Kafka transaction: a read-committed
     * consumer takes them in one poll.
     */
    public static void sendInOnePoll(String bootstrap, String topic, List<DomainEvent> events, Instant time) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "poll-test-" + UUID.randomUUID(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (DomainEvent event : events) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, 0, event.subject(),
                        CODEC.encode(event));
                headers(event, time).forEach((name, value) -> header(record, name, value));
                producer.send(record);
            }
            producer.commitTransaction();
        }
    }

    /** A plain producer of raw records (no transactions, no envelope). */
    public static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static List<ConsumerRecord<String, byte[]>> withKey(String bootstrap, String topic, String key) {
        return all(bootstrap, topic).stream().filter(record -> key.equals(record.key())).toList();
    }

    public static List<ConsumerRecord<String, byte[]>> all(String bootstrap, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 10_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort(java.util.Comparator.<ConsumerRecord<String, byte[]>>comparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset));
            return records;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return List.of();
        }
    }
}
