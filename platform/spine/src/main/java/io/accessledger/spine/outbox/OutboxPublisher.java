package io.accessledger.spine.outbox;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.EventType;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.spine.audit.ChainLink;
import io.accessledger.spine.audit.ChainStore;
import io.accessledger.spine.inbound.Causation;
import io.accessledger.spine.topics.Topics;
import io.accessledger.spine.tracing.RecordTracing;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes the service's public events from its own event store to its topic: a tracking event processor
 * ({@value #PROCESSING_GROUP}) whose token lives in the same database, taking up to {@value #BATCH} events per unit of
 * work. The events of a batch are handed to an idempotent producer one after the other (so in order per partition)
 * without waiting for each; before the batch's transaction commits (and with it the token) every send must have its
 * {@code acks=all}. A failure propagates, so the processor keeps its token and retries the batch with back-off:
 * while Kafka is down commands still succeed, and once it is back the events go out in order, at least once. After a
 * failed batch, each send waits for the one before until a batch goes out whole, so the events behind one that cannot
 * go out are not sent again with every retry.
 *
 * <p>Every record carries the chain headers ({@code accessledger_chain_*}, docs/AUDIT.md): its chain position comes
 * from {@link ChainStore} in the processor's transaction, so a send whose transaction rolls back is sent again with
 * the same headers, which the verifier counts as a harmless duplicate.
 */
@ProcessingGroup(OutboxPublisher.PROCESSING_GROUP)
public class OutboxPublisher {
    public static final String PROCESSING_GROUP = "outbox";
    /** The most events one unit of work (one transaction, one token update) of the processor publishes. */
    public static final int BATCH = 100;
    private static final String PENDING = OutboxPublisher.class.getName() + ".pending";
    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

    private final String service;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Topics topics;
    private final EventCodec codec;
    private final MeterRegistry meters;
    private final OutboxHealth health;
    private final ChainStore chain;
    private final RecordTracing tracing;
    /** A batch failed and none has gone out whole since: sends wait for each other ({@link #awaitPrevious}). */
    private final AtomicBoolean resending = new AtomicBoolean();

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
        List<Sent> pending = CurrentUnitOfWork.isStarted() ? pendingSends() : null;
        if (pending != null && resending.get()) {
            awaitPrevious(pending);
        }
        Envelope envelope = Envelope.of(event, service,
                correlationId != null ? correlationId : event.subject(), causationId, traceparent);
        String topic = type.topic().topicName();
        byte[] value = codec.encode(event);
        Map<String, String> headers = envelope.toHeaders();
        ChainLink link = chain.next(topic, event.subject(), headers::get, value);
        headers.putAll(link.headers());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.subject(), value);
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        // The link is stored now, in the batch's transaction, so the next event of the batch chains onto it; if a send
        // fails, the transaction rolls back and the retried batch computes the same headers.
        chain.record(link);
        Sent sent = new Sent(event, type, tracing.sending(traceparent, type.name(), topic));
        try {
            sent.future = kafka.send(record);
        } catch (RuntimeException e) {
            sent.close(e);
            sent.failed(e);
            throw e;
        }
        if (pending != null) {
            pending.add(sent);
        } else {
            awaitAcks(List.of(sent));
        }
    }

    /** A send handed to the producer, waiting for its ack before the batch commits. */
    private final class Sent {
        final DomainEvent event;
        final EventType type;
        final RecordTracing.Sending sending;
        Future<?> future;
        private boolean closed;

        Sent(DomainEvent event, EventType type, RecordTracing.Sending sending) {
            this.event = event;
            this.type = type;
            this.sending = sending;
        }

        /** Ends the producer span once (marked failed if {@code failure} is not null). */
        void close(Exception failure) {
            if (!closed) {
                closed = true;
                if (failure != null) {
                    sending.failed(failure);
                }
                sending.close();
            }
        }

        void counted() {
            health.published();
            meters.counter("accessledger.outbox.published", "topic", type.topic().topicName(), "type", type.name())
                    .increment();
        }

        void failed(Exception e) {
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
        }
    }

    /**
     * The sends of this unit of work; the first call registers the wait for all their acks before it commits, and the
     * end of their spans if it rolls back first (another event of the batch failed).
     */
    private List<Sent> pendingSends() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(PENDING, key -> {
            List<Sent> sends = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> awaitAcks(sends));
            unitOfWork.onRollback(u -> {
                for (int i = sends.size() - 1; i >= 0; i--) {
                    sends.get(i).close(null);
                }
            });
            return sends;
        });
    }

    /**
     * Waits for the ack of every send, in order; the first failure fails the batch (its transaction rolls back, the
     * token stays). The producer spans end here, the last opened first (their scopes nest on this thread).
     */
    private void awaitAcks(List<Sent> sends) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int failedAt = -1;
        Exception failure = null;
        for (int i = 0; i < sends.size() && failure == null; i++) {
            try {
                sends.get(i).future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                failedAt = i;
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failedAt = i;
                failure = e;
            }
        }
        for (int i = sends.size() - 1; i >= 0; i--) {
            sends.get(i).close(i == failedAt ? failure : null);
        }
        int acked = failure == null ? sends.size() : failedAt;
        sends.subList(0, acked).forEach(Sent::counted);
        if (failure != null) {
            resending.set(true);
            sends.get(failedAt).failed(failure);
            throw new OutboxSendFailed(failure);
        }
        resending.set(false);
    }

    /**
     * After a failed batch, until a batch goes out whole: each send waits for the ack of the one before it, so the
     * events behind one that cannot go out (too large, not authorized) are not sent again and again with every retry
     * of the batch — while the broker is merely away this costs nothing, as nothing goes out anyway.
     */
    private void awaitPrevious(List<Sent> sends) {
        if (sends.isEmpty()) {
            return;
        }
        Sent previous = sends.get(sends.size() - 1);
        Exception failure;
        try {
            previous.future.get(30, TimeUnit.SECONDS);
            return;
        } catch (ExecutionException | TimeoutException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        }
        previous.close(failure);
        previous.failed(failure);
        throw new OutboxSendFailed(failure);
    }

    /** A send of the batch was not acknowledged: the batch's transaction rolls back and the processor retries. */
    static final class OutboxSendFailed extends RuntimeException {
        OutboxSendFailed(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Topics are created at start-up; if Kafka was down then, create them before the first send. */
    private void ensureTopics() {
        topics.ensure();
    }
}
