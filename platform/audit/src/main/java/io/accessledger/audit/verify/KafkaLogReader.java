package io.accessledger.audit.verify;

import io.accessledger.events.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the log for the verifier, read-only: every partition of the six event topics and the checkpoint topic,
 * from the beginning to the end offsets taken when reading starts, assigned (no consumer group, nothing committed),
 * {@code read_committed}. The caller's consumer properties (at least {@code bootstrap.servers}; security settings
 * too) are used as given, the deserializers and the read-only settings are the reader's.
 */
public final class KafkaLogReader implements LogSource {
    private static final Duration POLL = Duration.ofMillis(500);
    private final Map<String, Object> consumerProperties;
    private final List<String> topics;

    /** Reads the suite's topics ({@link Topic#values()}: the event topics and the checkpoint topic). */
    public KafkaLogReader(Map<String, Object> consumerProperties) {
        this(consumerProperties, java.util.Arrays.stream(Topic.values()).map(Topic::topicName).toList());
    }

    public KafkaLogReader(Map<String, Object> consumerProperties, List<String> topics) {
        this.consumerProperties = Map.copyOf(consumerProperties);
        this.topics = List.copyOf(topics);
    }

    /** A reader of the suite's topics on {@code bootstrapServers}. */
    public static KafkaLogReader of(String bootstrapServers) {
        return new KafkaLogReader(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    @Override
    public void forEach(Consumer<LogRecord> sink) {
        Map<String, Object> config = new HashMap<>(consumerProperties);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic);
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            end.entrySet().removeIf(partition -> consumer.position(partition.getKey()) >= partition.getValue());
            consumer.pause(partitions.stream().filter(partition -> !end.containsKey(partition)).toList());
            while (!end.isEmpty()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    Long until = end.get(partition);
                    if (until != null && record.offset() < until) {
                        sink.accept(toLogRecord(record));
                    }
                }
                for (TopicPartition partition : List.copyOf(end.keySet())) {
                    if (consumer.position(partition) >= end.get(partition)) {
                        end.remove(partition);
                        consumer.pause(List.of(partition));
                    }
                }
            }
        }
    }

    private static LogRecord toLogRecord(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        headers.values().removeIf(java.util.Objects::isNull);
        return new LogRecord(record.topic(), record.partition(), record.offset(), record.key(), headers,
                record.value());
    }
}
