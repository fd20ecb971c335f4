package io.accessledger.spine.inbound;

import io.accessledger.events.codec.UnknownEventTypeException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The dead-letter topics of a service's consumers: a record goes to {@code <topic>-dlt} with its reason only when no
 * later attempt can mend it (not an event, a permanent failure, or parked past its limit) — counted once the broker
 * has it — and {@link #redrive} hands dead letters back to their consumers after a fix, idempotently (each consumer
 * dedupes on {@code ce_id}).
 */
public class DeadLetters {
    public static final String CONSUMER = "accessledger_dlt_consumer";
    public static final String REASON = "accessledger_dlt_reason";
    public static final String KIND = "accessledger_dlt_kind";
    public static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** Why a record is a dead letter: a low-cardinality tag of the metric. */
    public enum Kind { UNDECODABLE, PERMANENT, GAVE_UP }

    private final KafkaTemplate<String, byte[]> kafka;
    private final Map<String, Object> consumerConfig;
    private final MeterRegistry meters;
    private final Clock clock;

    public DeadLetters(KafkaTemplate<String, byte[]> kafka, Map<String, Object> consumerConfig, MeterRegistry meters,
            Clock clock) {
        this.kafka = kafka;
        this.consumerConfig = consumerConfig;
        this.meters = meters;
        this.clock = clock;
    }

    static Kind kindOf(Throwable cause) {
        return cause instanceof PermanentFailure ? Kind.PERMANENT : Kind.UNDECODABLE;
    }

    /** Sends the record to its topic's dead-letter topic and waits for the broker; throws if it did not take it. */
    public void send(InboundRecord record, String consumer, Kind kind, String reason) {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(record.topic() + "-dlt", record.key(),
                record.value());
        record.headers().forEach((name, value) -> {
            if (!name.startsWith("accessledger_dlt_") && !name.startsWith("kafka_dlt-")) {
                dead.headers().add(name, bytes(value));
            }
        });
        dead.headers().add(CONSUMER, bytes(consumer));
        dead.headers().add(REASON, bytes(reason));
        dead.headers().add(KIND, bytes(kind.name()));
        dead.headers().add(ORIGINAL_TOPIC, bytes(record.topic()));
        dead.headers().add(ORIGINAL_PARTITION, bytes(Integer.toString(record.partition())));
        dead.headers().add(ORIGINAL_OFFSET, bytes(Long.toString(record.offset())));
        try {
            kafka.send(dead).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the dead-letter topic did not take " + record.topic() + "-"
                    + record.partition() + "@" + record.offset() + ": " + e.getMessage(), e);
        }
        log.error("Dead-lettered {}-{}@{} for consumer {} ({}): {}", record.topic(), record.partition(),
                record.offset(), consumer, kind, reason);
        meters.counter("accessledger.inbound.dead_lettered", "consumer", consumer, "topic", record.topic(), "kind",
                kind.name()).increment();
    }

    /** What one re-drive did. */
    public record Redrive(String topic, int read, int handled, int duplicates, int parked, int skipped,
            int otherConsumers) {
    }

    /**
     * Hands every dead letter of {@code topic} addressed to one of {@code consumers} back to it: handled now, a
     * duplicate of what was handled already, or parked to be tried again with back-off if it still fails. Reads the
     * dead-letter topic from its beginning to its end as it is when the re-drive starts; running it twice is safe.
     */
    Redrive redrive(String topic, Map<String, ConsumerProcessing> consumers, ParkedRecordStore parked,
            Duration firstRetry) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        int read = 0;
        int handled = 0;
        int duplicates = 0;
        int parkedNow = 0;
        int skipped = 0;
        int others = 0;
        String deadLetterTopic = topic + "-dlt";
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = reader.partitionsFor(deadLetterTopic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(deadLetterTopic, info.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (partitions.stream().anyMatch(p -> reader.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            for (ConsumerRecord<String, byte[]> dead : records) {
                read++;
                InboundRecord letter = InboundRecord.of(dead);
                ConsumerProcessing processing = consumers.get(letter.header(CONSUMER));
                if (processing == null) {
                    others++;
                    continue;
                }
                InboundRecord original = new InboundRecord(letter.header(ORIGINAL_TOPIC) != null
                        ? letter.header(ORIGINAL_TOPIC) : topic,
                        parse(letter.header(ORIGINAL_PARTITION), dead.partition()),
                        parse(letter.header(ORIGINAL_OFFSET), dead.offset()), letter.key(), letter.headers(),
                        letter.value());
                try {
                    if (processing.process(original)) {
                        handled++;
                    } else {
                        duplicates++;
                    }
                } catch (UnknownEventTypeException e) {
                    skipped++;
                } catch (RuntimeException e) {
                    parked.park(processing.name(), original, "re-driven: " + ConsumerProcessing.reason(e),
                            clock.instant(), clock.instant().plus(firstRetry));
                    parkedNow++;
                }
            }
        }
        meters.counter("accessledger.inbound.redriven", "topic", topic).increment(handled);
        log.info("Re-drove {}: {} read, {} handled, {} duplicates, {} parked, {} skipped, {} for other consumers",
                deadLetterTopic, read, handled, duplicates, parkedNow, skipped, others);
        return new Redrive(topic, read, handled, duplicates, parkedNow, skipped, others);
    }

    private static int parse(String value, int fallback) {
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static long parse(String value, long fallback) {
        return value == null ? fallback : Long.parseLong(value);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
