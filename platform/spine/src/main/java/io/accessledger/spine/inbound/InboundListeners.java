package io.accessledger.spine.inbound;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.codec.UndecodableEventException;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.Topic;
import io.accessledger.spine.SpineProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.FixedBackOff;

/** Runs a listener container for each {@link EventConsumer} of the service. */
public class InboundListeners implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(InboundListeners.class);

    private final List<ConcurrentMessageListenerContainer<String, byte[]>> containers = new ArrayList<>();
    private volatile boolean running;

    public InboundListeners(String service, List<EventConsumer> consumers, Map<String, Object> consumerConfig,
            KafkaTemplate<String, byte[]> deadLetters, EventCodec codec, JdbcTemplate jdbc,
            TransactionTemplate transactions, SpineProperties spine, MeterRegistry meters) {
        for (EventConsumer consumer : consumers) {
            Map<String, Object> config = new HashMap<>(consumerConfig);
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "accessledger." + service + "." + consumer.name());
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            ContainerProperties props = new ContainerProperties(
                    consumer.topics().stream().map(Topic::topicName).toArray(String[]::new));
            props.setMessageListener(new Listener(consumer, codec, jdbc, transactions, meters));
            props.setAckMode(ContainerProperties.AckMode.RECORD);
            ConcurrentMessageListenerContainer<String, byte[]> container =
                    new ConcurrentMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(config), props);
            container.setConcurrency(spine.consumerConcurrency());
            container.setBeanName("inbound-" + consumer.name());
            container.setCommonErrorHandler(errorHandler(consumer, deadLetters, spine, meters));
            containers.add(container);
        }
    }

    private static DefaultErrorHandler errorHandler(EventConsumer consumer, KafkaTemplate<String, byte[]> template,
            SpineProperties spine, MeterRegistry meters) {
        DeadLetterPublishingRecoverer toDeadLetters = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(record.topic() + "-dlt", -1));
        toDeadLetters.setHeadersFunction((record, failure) -> {
            org.apache.kafka.common.header.internals.RecordHeaders headers =
                    new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add("accessledger_dlt_consumer", consumer.name().getBytes(StandardCharsets.UTF_8));
            headers.add("accessledger_dlt_reason", reason(failure).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> {
            log.error("Dead-lettering {}-{}@{} for consumer {}: {}", record.topic(), record.partition(),
                    record.offset(), consumer.name(), reason(failure));
            meters.counter("accessledger.inbound.dead_lettered", "consumer", consumer.name(), "topic",
                    record.topic()).increment();
            toDeadLetters.accept(record, failure);
        }, new FixedBackOff(spine.retryBackoff().toMillis(), Math.max(0, spine.retryAttempts() - 1)));
        handler.addNotRetryableExceptions(UndecodableEventException.class);
        handler.setCommitRecovered(true);
        return handler;
    }

    /** The first exception below spring-kafka's wrappers: ours, with its own words. */
    static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof org.springframework.kafka.KafkaException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    @Override
    public void start() {
        containers.forEach(ConcurrentMessageListenerContainer::start);
        running = true;
    }

    @Override
    public void stop() {
        containers.forEach(ConcurrentMessageListenerContainer::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server and Axon's processors: consumers start last and stop first. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private static final class Listener implements MessageListener<String, byte[]> {
        private final EventConsumer consumer;
        private final EventCodec codec;
        private final JdbcTemplate jdbc;
        private final TransactionTemplate transactions;
        private final MeterRegistry meters;

        Listener(EventConsumer consumer, EventCodec codec, JdbcTemplate jdbc, TransactionTemplate transactions,
                MeterRegistry meters) {
            this.consumer = consumer;
            this.codec = codec;
            this.jdbc = jdbc;
            this.transactions = transactions;
            this.meters = meters;
        }

        @Override
        public void onMessage(ConsumerRecord<String, byte[]> record) {
            Envelope envelope = Envelope.fromHeaders(name -> header(record, name));
            DomainEvent event = codec.decode(envelope.type(), record.value());
            if (!event.eventId().value().equals(envelope.id())) {
                throw new UndecodableEventException("ce_id " + envelope.id() + " differs from eventId "
                        + event.eventId());
            }
            boolean first = Boolean.TRUE.equals(transactions.execute(status -> {
                int inserted = jdbc.update("insert into inbound_dedupe (consumer, event_id, topic, kafka_partition,"
                        + " kafka_offset) values (?, ?, ?, ?, ?) on conflict do nothing",
                        consumer.name(), envelope.id(), record.topic(), record.partition(), record.offset());
                if (inserted == 0) {
                    return false;
                }
                consumer.handle(event, envelope);
                return true;
            }));
            meters.counter(first ? "accessledger.inbound.processed" : "accessledger.inbound.duplicates",
                    "consumer", consumer.name()).increment();
        }

        private static String header(ConsumerRecord<String, byte[]> record, String name) {
            Header header = record.headers().lastHeader(name);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    }
}
