package io.accessledger.spine.outbox;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.EventType;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.spine.inbound.Causation;
import io.accessledger.spine.topics.Topics;
import io.accessledger.spine.tracing.RecordTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.accessledger.spine.audit.ChainLink;
import io.accessledger.spine.audit.ChainStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes the service's public events from its own event store to its topic: a tracking event processor
 * ({@value #PROCESSING_GROUP}) whose token lives in the same database. Each send waits for {@code acks=all} from
 * an idempotent producer; a failure propagates, so the processor keeps its token and retries with back-off: while
 * Kafka is down commands still succeed, and once it is back the events go out in order, at least once.
 *
 * <p>Every record carries the chain headers ({@code accessledger_chain_*}, docs/AUDIT.md): its chain position comes
 * from {@link ChainStore} in the processor's transaction, so a send whose transaction rolls back is sent again with
 * the same headers, which the verifier counts as a harmless duplicate.
 */
@ProcessingGroup(OutboxPublisher.PROCESSING_GROUP)
public class OutboxPublisher {
    public static final String PROCESSING_GROUP = "outbox";
    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

    private final String service;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Topics topics;
    private final EventCodec codec;
    private final MeterRegistry meters;
    private final OutboxHealth health;
    private final ChainStore chain;
    private final RecordTracing tracing;

    public OutboxPublisher(String service, KafkaTemplate<String, byte[]> kafka, Topics topics, EventCodec codec,
            MeterRegistry meters, OutboxHealth health, ChainStore chain, RecordTracing tracing) {
        this.chain = chain;
        this.tracing = tracing;
        this.service = service;
        this.kafka = kafka;
        this.topics = topics;
        this.codec = codec;
        this.meters = meters;
        this.health = health;
    }

    @EventHandler
    public void publish(DomainEvent event,
            @MetaDataValue(Causation.CORRELATION) String correlationId,
            @MetaDataValue(Causation.CAUSATION) String causationId,
            @MetaDataValue(Causation.TRACEPARENT) String traceparent) throws Exception {
        EventType type = EventCatalog.of(event);
        if (!type.topic().isOwnedBy(service)) {
            throw new IllegalStateException(service + " must not publish " + type.name() + " to "
                    + type.topic().topicName() + ", which " + type.topic().owner() + " owns");
        }
        ensureTopics();
        Envelope envelope = Envelope.of(event, service,
                correlationId != null ? correlationId : event.subject(), causationId, traceparent);
        String topic = type.topic().topicName();
        byte[] value = codec.encode(event);
        Map<String, String> headers = envelope.toHeaders();
        ChainLink link = chain.next(topic, event.subject(), headers::get, value);
        headers.putAll(link.headers());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.subject(), value);
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        try (RecordTracing.Sending sending = tracing.sending(traceparent, type.name(), topic)) {
            send(record, link, sending);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            meters.counter("accessledger.outbox.failures", "topic", type.topic().topicName()).increment();
            String action = OutboxHealth.actionFor(e);
            if (action != null) {
                health.failed(event.eventId().value(), type.name(), e, action);
                log.error("The outbox is stuck on {} {}: {} -- operator action: {}. It keeps the event and retries.",
                        type.name(), event.eventId(), e.getMessage(), action);
            } else {
                log.warn("Kafka did not take {} {} yet; the outbox keeps it and retries: {}", type.name(),
                        event.eventId(), e.getMessage());
            }
            throw e;
        }
        health.published();
        meters.counter("accessledger.outbox.published", "topic", type.topic().topicName(), "type", type.name())
                .increment();
    }

    private void send(ProducerRecord<String, byte[]> record, ChainLink link, RecordTracing.Sending sending)
            throws Exception {
        try {
            kafka.send(record).get(30, TimeUnit.SECONDS);
            chain.record(link);
        } catch (Exception e) {
            sending.failed(e);
            throw e;
        }
    }

    /** Topics are created at start-up; if Kafka was down then, create them before the first send. */
    private void ensureTopics() {
        topics.ensure();
    }
}
