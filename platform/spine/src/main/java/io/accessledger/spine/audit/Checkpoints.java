package io.accessledger.spine.audit;

import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.integrity.AuditCheckpoint;
import io.accessledger.spine.ids.NewIds;
import io.accessledger.spine.jobs.JobLeases;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes signed checkpoints: every {@code accessledger.audit.checkpoint-every}, and once more at shutdown, for
 * each topic the service owns that has events no checkpoint covers yet, the tree size and Merkle root of what the
 * outbox has published (committed state, read in one row), signed with the service's key, to
 * {@code accessledger.audit.checkpoints.v1} keyed by the source topic. One instance at a time ({@link JobLeases});
 * a checkpoint sent twice (a crash between send and note) states the same thing twice, which is harmless.
 */
public class Checkpoints implements SmartLifecycle {
    public static final String JOB = "audit-checkpoints";
    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

    private final String service;
    private final List<String> ownTopics;
    private final ChainStore chain;
    private final SigningKey key;
    private final KafkaTemplate<String, byte[]> kafka;
    private final EventCodec codec;
    private final JobLeases leases;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration every;
    private ScheduledExecutorService timer;

    public Checkpoints(String service, ChainStore chain, SigningKey key, KafkaTemplate<String, byte[]> kafka,
            EventCodec codec, JobLeases leases, Clock clock, MeterRegistry meters, Duration every) {
        this.service = service;
        this.ownTopics = Topic.eventTopics().stream().filter(topic -> topic.isOwnedBy(service))
                .map(Topic::topicName).toList();
        this.chain = chain;
        this.key = key;
        this.kafka = kafka;
        this.codec = codec;
        this.leases = leases;
        this.clock = clock;
        this.meters = meters;
        this.every = every;
    }

    /** Checkpoints every owned topic with uncovered events, if this instance takes the job's lease. */
    public void run() {
        leases.runExclusively(JOB, Duration.ZERO, Duration.ofMinutes(5), this::checkpointOwnTopics);
    }

    /** One checkpoint per owned topic that has events past its last checkpoint; returns how many were sent. */
    public int checkpointOwnTopics() {
        int sent = 0;
        for (String topic : ownTopics) {
            ChainStore.TopicTree tree = chain.tree(topic).orElse(null);
            if (tree == null || tree.size() <= tree.checkpointedSize()) {
                continue;
            }
            send(AuditCheckpoint.signed(NewIds.eventId(), clock.instant(), service, topic, tree.size(),
                    tree.frontier().rootHex(), key.privateKey(), key.publicKey()));
            chain.checkpointed(topic, tree.size());
            sent++;
        }
        return sent;
    }

    private void send(AuditCheckpoint checkpoint) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.AUDIT.topicName(), checkpoint.topic(),
                codec.encode(checkpoint));
        Envelope.of(checkpoint, service, checkpoint.topic(), null, null).toHeaders()
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        try {
            kafka.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("checkpoint of " + checkpoint.topic() + " not sent: " + e.getMessage(), e);
        }
        meters.counter("accessledger.audit.checkpoints", "topic", checkpoint.topic()).increment();
        log.debug("Signed checkpoint of {}: {} events, root {} (key {})", checkpoint.topic(), checkpoint.treeSize(),
                checkpoint.rootHash(), checkpoint.keyId());
    }

    private void runQuietly() {
        try {
            run();
        } catch (RuntimeException e) {
            log.warn("Checkpoint run failed; the next run tries again: {}", e.toString());
        }
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "audit-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::runQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the timer and checkpoints what was published since the last run, so a clean shutdown leaves none out. */
    @Override
    public void stop() {
        timer.shutdownNow();
        timer = null;
        runQuietly();
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
