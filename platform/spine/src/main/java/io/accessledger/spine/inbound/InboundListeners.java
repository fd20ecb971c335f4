package io.accessledger.spine.inbound;

import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.codec.UnknownEventTypeException;
import io.accessledger.spine.SpineProperties;
import io.accessledger.spine.tracing.RecordTracing;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Runs a listener container for each {@link EventConsumer} of the service, and the re-driver of parked records.
 *
 * <p>A record is handled in line; if that fails it is tried again a few times (short, doubling pauses), then:
 * a record no attempt can mend ({@link ConsumerProcessing#permanent}) goes to the dead-letter topic; any other is
 * <em>parked</em> — kept in {@code inbound_parked}, its offset committed, and tried again with capped exponential
 * back-off for as long as {@code park-max-age} — so a database failover, an SMTP restart or an event that arrived
 * before its prerequisite ({@link NotYet}, parked at once) blocks neither the partition nor the workflow. Later
 * records of a parked key are parked behind it, so every key keeps its order, and are tried one after the other as
 * soon as the head is handled. A head parked as {@link NotYet} is also tried, due or not, after any record is handled
 * ({@code wake}; at most one such pass per {@code park-poll-interval}), and keeps its timer if still not ready; such
 * wake-up tries back off on their own (see {@link #redriveWaiting}), so a record waiting for days is not tried once a
 * second for as long as traffic flows. A
 * record of a type the consumer does not handle is decoded only (a broken one is a dead letter). An unknown but
 * well-formed {@code ce_type} (a newer producer) is skipped and counted. Offsets are committed every
 * {@code consumer-commit-interval} (or after each poll), and only those of records handled or parked, so a record is
 * committed only after its effect or its park.
 */
public class InboundListeners implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(InboundListeners.class);
    /** How long a stop waits for the consumers to commit what they handled and leave their groups. */
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);
    /** Heads tried per pass, and records of one key tried one after the other. */
    private static final int REDRIVE_BATCH = 100;

    private final List<ConcurrentMessageListenerContainer<String, byte[]>> containers = new ArrayList<>();
    private final Map<String, ConsumerProcessing> processings = new LinkedHashMap<>();
    private final ParkedRecordStore parked;
    private final DeadLetters deadLetters;
    private final DeadLetterClaims claims;
    private final TransactionTemplate transactions;
    private final SpineProperties spine;
    private final MeterRegistry meters;
    private final Clock clock;
    private volatile ScheduledExecutorService redriver;
    private volatile boolean running;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile long lastWakePass = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    /** When a record was last handled here: a wake-up a waiting head has not had since is owed to it. */
    private volatile Instant lastHandled = Instant.EPOCH;
    /** The wake-up pass put off until a waiting head's back-off is over, if any (redriver thread only). */
    private ScheduledFuture<?> deferredWake;
    private Instant deferredWakeAt;

    public InboundListeners(String service, List<EventConsumer> consumers, Map<String, Object> consumerConfig,
            DeadLetters deadLetters, ParkedRecordStore parked, EventCodec codec, JdbcTemplate jdbc,
            TransactionTemplate transactions, SpineProperties spine, MeterRegistry meters, Clock clock,
            RecordTracing tracing) {
        this.parked = parked;
        this.deadLetters = deadLetters;
        this.transactions = transactions;
        this.spine = spine;
        this.meters = meters;
        this.clock = clock;
        String instance = java.util.UUID.randomUUID().toString().substring(0, 8);
        this.claims = new DeadLetterClaims(jdbc, deadLetters, clock, service + "." + instance,
                spine.deadLetterClaimLease(), spine.deadLetterClaimRetention());
        for (EventConsumer consumer : consumers) {
            ConsumerProcessing processing = new ConsumerProcessing(consumer, codec, jdbc, transactions, meters,
                    tracing);
            processings.put(consumer.name(), processing);
            Map<String, Object> config = memberConfig(consumerConfig, "accessledger." + service + "."
                    + consumer.name() + (consumer.everyInstance() ? "." + instance : ""), consumer.everyInstance(),
                    spine);
            ContainerProperties props = new ContainerProperties(
                    consumer.topics().stream().map(Topic::topicName).toArray(String[]::new));
            if (processing.appliesPolls()) {
                // its effect lies in the transaction (a read model, a case driver): a poll at a time, in one (onPoll)
                props.setMessageListener((BatchMessageListener<String, byte[]>) poll -> onPoll(processing, poll));
            } else {
                props.setMessageListener(consumer.everyInstance()
                        ? (MessageListener<String, byte[]>) record -> onEveryInstance(processing, record)
                        : (MessageListener<String, byte[]>) record -> onMessage(processing, record));
            }
            // Offsets of handled (or parked) records are committed every consumer-commit-interval (1 s), or after every
            // poll when it is zero. One commit per record, then one per poll (most polls hold one record at this
            // suite's rates), was a synchronous round trip and a write to __consumer_offsets each, for each of the
            // ~50 consumer deliveries of a request (docs/BENCHMARKS.md, "End-to-end"). A crash delivers again what was
            // handled since the last commit, which the dedupe row (or, for a consumer of every instance, its
            // idempotent effect) turns into no-ops; a rebalance and a stop commit what is pending first.
            if (spine.consumerCommitInterval().isZero()) {
                props.setAckMode(ContainerProperties.AckMode.BATCH);
            } else {
                props.setAckMode(ContainerProperties.AckMode.TIME);
                props.setAckTime(spine.consumerCommitInterval().toMillis());
            }
            DefaultKafkaConsumerFactory<String, byte[]> consumerFactory = new DefaultKafkaConsumerFactory<>(config);
            // Kafka's own client metrics (kafka_consumer_fetch_manager_records_lag_max: consumer lag) on the registry.
            consumerFactory.addListener(new org.springframework.kafka.core.MicrometerConsumerListener<>(meters));
            ConcurrentMessageListenerContainer<String, byte[]> container =
                    new ConcurrentMessageListenerContainer<>(consumerFactory, props);
            container.setConcurrency(spine.consumerConcurrency());
            container.setBeanName("inbound-" + consumer.name());
            container.setCommonErrorHandler(errorHandler(processing));
            containers.add(container);
        }
        Gauge.builder("accessledger.inbound.parked", parked, ParkedRecordStore::count)
                .description("records waiting to be tried again").register(meters);
    }

    /**
     * The settings of one consumer group member: its group, read committed, offsets committed by the container (of
     * records handled or parked, every {@code consumer-commit-interval}), fetches held by the broker up to
     * {@code consumer-fetch-max-wait} when idle, and a session of {@code consumer-session-timeout}, so that the
     * partitions of an instance that died without leaving the group ({@code kill -9}) go to the others, or to the
     * instance started again, that soon.
     */
    public static Map<String, Object> memberConfig(Map<String, Object> connection, String groupId,
            boolean everyInstance, SpineProperties spine) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, everyInstance ? "latest" : "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        int session = Math.toIntExact(spine.consumerSessionTimeout().toMillis());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.min(3_000, session / 3));
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Math.toIntExact(spine.consumerFetchMaxWait().toMillis()));
        return config;
    }

    private void onMessage(ConsumerProcessing processing, ConsumerRecord<String, byte[]> consumed) {
        onMessage(processing, InboundRecord.of(consumed));
    }

    private void onMessage(ConsumerProcessing processing, InboundRecord record) {
        if (!processing.wants(record)) {
            // decoded all the same (no database work): a broken record is a dead letter even if nobody handles its type
            processing.check(record);
            return;
        }
        try {
            // Whether the key has a parked record is asked inside the handling transaction (in the statement of the
            // dedupe row), not as a query, and transaction, of its own on every delivery (docs/BENCHMARKS.md,
            // "End-to-end"); see ConsumerProcessing#processInKeyOrder.
            String behind = behind(record);
            switch (processing.processInKeyOrder(record, () -> parkRow(processing, record, behind, 0))) {
                case HANDLED -> wake();
                case PARKED_BEHIND -> parked(processing, record, behind);
                case DUPLICATE -> {
                }
            }
        } catch (UnknownEventTypeException e) {
            skip(processing, record, e);
        }
    }

    /**
     * A poll of a consumer whose effect lies in the handling transaction ({@link ConsumerProcessing#appliesPolls}: a
     * read model, or a case driver whose Axon commands join it): applied whole in one transaction when it can
     * be ({@link ConsumerProcessing#processPoll}: its parked keys and its dedupe rows in one statement, its rows
     * written together; its offsets committed by the container after that commit), else record by record. Whatever
     * the whole poll's try throws (a record that is not an event or of an unknown type, one that fails or is not yet
     * ready) has rolled it back; each record then goes through {@link #onMessage} as any consumer's, and the first
     * that throws is handed, as a {@link BatchListenerFailedException}, to the error handler, which commits the
     * records before it, retries it in line, then parks or dead-letters it, and has the records after it delivered
     * again (a record of its key among them is then parked behind it). So a failing record fails neither the poll
     * nor the others of it, and each keeps every guarantee of the record path (docs/RELIABILITY.md, "Inbound").
     */
    private void onPoll(ConsumerProcessing processing, List<ConsumerRecord<String, byte[]>> consumed) {
        List<InboundRecord> records = new ArrayList<>(consumed.size());
        consumed.forEach(one -> records.add(InboundRecord.of(one)));
        ConsumerProcessing.PollOutcome outcome;
        try {
            outcome = processing.processPoll(records, record -> parkRow(processing, record, behind(record), 0));
        } catch (RuntimeException wholeFailed) {
            processing.pollsByRecord.increment(1);
            log.debug("Poll of {} records for consumer {} handled record by record: {}", records.size(),
                    processing.name(), ConsumerProcessing.reason(wholeFailed));
            for (int i = 0; i < records.size(); i++) {
                try {
                    onMessage(processing, records.get(i));
                } catch (RuntimeException failure) {
                    throw new BatchListenerFailedException(ConsumerProcessing.reason(failure), failure,
                            consumed.get(i));
                }
            }
            return;
        }
        processing.pollsWhole.increment(1);
        outcome.parkedBehind().forEach(record -> parked(processing, record, behind(record)));
        if (outcome.handled() > 0) {
            wake();
        }
    }

    private static String behind(InboundRecord record) {
        return "behind a parked record of key " + record.orderingKey();
    }

    /**
     * A consumer of every instance: applied in memory, no dedupe row, never parked (a failure that may pass is logged;
     * the next record of its kind brings the instance up to date). A record that is not an event, or a {@link
     * PermanentFailure}, goes to the error handler and is dead-lettered as for any consumer, but once for all
     * instances ({@link DeadLetterClaims}); a broken record of a type it does not handle too ({@code check}).
     */
    private void onEveryInstance(ConsumerProcessing processing, ConsumerRecord<String, byte[]> consumed) {
        InboundRecord record = InboundRecord.of(consumed);
        if (!processing.wants(record)) {
            processing.check(record);
            return;
        }
        try {
            processing.processInMemory(record);
            wake();
        } catch (UnknownEventTypeException e) {
            skip(processing, record, e);
        } catch (RuntimeException e) {
            if (ConsumerProcessing.permanent(ConsumerProcessing.cause(e))) {
                throw e;
            }
            notApplied(processing, record, e);
        }
    }

    private static void notApplied(ConsumerProcessing processing, InboundRecord record, Throwable failure) {
        log.warn("Consumer {} (every instance) could not apply {}-{}@{}: {}", processing.name(), record.topic(),
                record.partition(), record.offset(), ConsumerProcessing.reason(failure));
    }

    private void skip(ConsumerProcessing processing, InboundRecord record, UnknownEventTypeException e) {
        log.info("Skipping {}-{}@{} for consumer {}: {}", record.topic(), record.partition(), record.offset(),
                processing.name(), e.getMessage());
        meters.counter("accessledger.inbound.skipped_unknown_type", "consumer", processing.name(), "ce_type",
                e.ceType()).increment();
    }

    /** After the in-line tries: a dead letter if nothing can mend it, else parked. A failure here redelivers. */
    private DefaultErrorHandler errorHandler(ConsumerProcessing processing) {
        ExponentialBackOff inLine = new ExponentialBackOff(spine.retryBackoff().toMillis(), 2.0);
        inLine.setMaxAttempts(Math.max(0, spine.retryAttempts() - 1));
        DefaultErrorHandler handler = new DefaultErrorHandler((consumed, failure) -> {
            InboundRecord record = InboundRecord.of((ConsumerRecord<String, byte[]>) consumed);
            Throwable cause = ConsumerProcessing.cause(failure);
            if (ConsumerProcessing.permanent(cause) && processing.everyInstance()) {
                // once for all instances, each of which reads every record (DeadLetterClaims)
                claims.deadLetterOnce(processing.name(), record, DeadLetters.kindOf(cause),
                        ConsumerProcessing.reason(cause));
            } else if (ConsumerProcessing.permanent(cause)) {
                deadLetters.send(record, processing.name(), DeadLetters.kindOf(cause), ConsumerProcessing.reason(cause));
            } else if (processing.everyInstance()) {
                notApplied(processing, record, cause);
            } else {
                park(processing, record, ConsumerProcessing.reason(cause), 0);
            }
        }, inLine);
        handler.addNotRetryableExceptions(io.accessledger.events.codec.UndecodableEventException.class,
                PermanentFailure.class, NotYet.class);
        handler.setCommitRecovered(true);
        return handler;
    }

    private void park(ConsumerProcessing processing, InboundRecord record, String reason, int attempts) {
        parkRow(processing, record, reason, attempts);
        parked(processing, record, reason);
    }

    private void parkRow(ConsumerProcessing processing, InboundRecord record, String reason, int attempts) {
        Instant now = clock.instant();
        parked.park(processing.name(), record, reason, now, now.plus(spine.parkedRetryAfter(attempts)));
    }

    /** Logs and counts a record parked. */
    private void parked(ConsumerProcessing processing, InboundRecord record, String reason) {
        log.warn("Parked {}-{}@{} for consumer {}: {}", record.topic(), record.partition(), record.offset(),
                processing.name(), reason);
        meters.counter("accessledger.inbound.parked_records", "consumer", processing.name()).increment();
    }

    /**
     * Tries the due heads of parked keys once each (up to 100 per consumer; after each one handled, the records
     * parked behind it); returns how many were handled (for tests and the scheduler). One query finds them for all of
     * the service's consumers: with nothing parked, a tick of the redriver is one query, not one per consumer
     * (docs/BENCHMARKS.md, "Idle cost").
     */
    public int redriveParked() {
        int handled = 0;
        for (Map.Entry<String, List<Long>> due : parked.dueHeads(clock.instant(), REDRIVE_BATCH).entrySet()) {
            ConsumerProcessing processing = processings.get(due.getKey());
            if (processing == null || processing.everyInstance()) {
                continue;
            }
            for (long id : due.getValue()) {
                handled += redriveKey(processing, id, null);
            }
        }
        return handled;
    }

    /**
     * Tries at once, due or not, the heads parked because they arrived before their prerequisite ({@link NotYet}):
     * run by {@link #wake} after a record was handled, as that record may be what they wait for. A head still not
     * ready keeps its timer (its attempts and next attempt are not changed); returns how many were handled.
     *
     * <p>Wake-up tries back off on their own: a head is woken only once it has waited, since its last wake-up try, as
     * long as it had waited before that try, and at most {@code park-backoff-max} (its {@code woken_at}, {@link
     * ParkedRecordStore#waitingHeads}). So the tries of one record come at ages growing about twice each time once
     * past the first {@code park-poll-interval}s: about log2(age / park-poll-interval) + age / park-backoff-max of
     * them however much traffic flows, and one that waited briefly is still tried within about a pass of its
     * prerequisite.
     */
    public int redriveWaiting() {
        return redriveWaiting(clock.instant());
    }

    private int redriveWaiting(Instant now) {
        int handled = 0;
        for (ParkedRecordStore.Head head : parked.waitingHeads(now, REDRIVE_BATCH)) {
            ConsumerProcessing processing = processings.get(head.consumer());
            if (processing != null && !processing.everyInstance()) {
                handled += redriveKey(processing, head.id(), now);
            }
        }
        return handled;
    }

    /**
     * Has a pass of {@link #redriveWaiting} run soon: at once if none ran in the last {@code park-poll-interval}, else
     * when that interval is over (one pass then serves every record handled meanwhile). Called after each record
     * handled; costs nothing more while a pass is pending.
     */
    private void wake() {
        lastHandled = clock.instant();
        ScheduledExecutorService scheduler = redriver;
        if (scheduler == null || !wakePending.compareAndSet(false, true)) {
            return;
        }
        long wait = lastWakePass + spine.parkPollInterval().toNanos() - System.nanoTime();
        try {
            scheduler.schedule(this::wakePass, Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            wakePending.set(false);
        }
    }

    private void wakePass() {
        wakePending.set(false);
        passOfWaiting();
    }

    /**
     * One wake-up pass (on the redriver's thread, as every pass). A head it passed over for its back-off, and that
     * has not been tried since the last record handled here, is owed that wake-up: a pass is put off until the
     * first such head's back-off is over, so a prerequisite that arrives meanwhile is acted on then, not at the
     * head's timer. Only heads with a record handled after their last try count, so without traffic these passes
     * stop after one more try each.
     */
    private void passOfWaiting() {
        lastWakePass = System.nanoTime();
        Instant now = clock.instant();
        try {
            redriveWaiting(now);
            parked.nextWake(lastHandled).ifPresent(this::deferWake);
        } catch (RuntimeException e) {
            log.warn("Parked records waiting for a prerequisite could not be tried now: {}", e.getMessage());
        }
    }

    private void deferWake(Instant at) {
        ScheduledExecutorService scheduler = redriver;
        if (scheduler == null || deferredWake != null && !deferredWake.isDone() && !deferredWakeAt.isAfter(at)) {
            return;
        }
        if (deferredWake != null) {
            deferredWake.cancel(false);
        }
        // never sooner than a poll interval: a head another instance holds (skip locked) is not marked woken here and
        // would be owed at once again
        long delay = Math.max(spine.parkPollInterval().toNanos(),
                Duration.between(clock.instant(), at).toNanos() + TimeUnit.MILLISECONDS.toNanos(5));
        try {
            deferredWakeAt = at;
            deferredWake = scheduler.schedule(this::passOfWaiting, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            deferredWake = null;
        }
    }

    /** Tries the head {@code id} and, while they are handled, the records of its key parked behind it. */
    private int redriveKey(ConsumerProcessing processing, long id, Instant wokenAt) {
        int handled = 0;
        Optional<String> key = redriveOne(processing, id, wokenAt);
        while (key.isPresent() && handled < REDRIVE_BATCH) {
            handled++;
            Optional<Long> next = parked.headOf(processing.name(), key.get());
            key = next.isPresent() ? redriveOne(processing, next.get(), wokenAt) : Optional.empty();
        }
        return handled;
    }

    /**
     * Tries one parked head, by its timer or woken by a pass started {@code wokenAt} (else null); the key it was parked
     * under if it was handled (and removed).
     */
    private Optional<String> redriveOne(ConsumerProcessing processing, long id, Instant wokenAt) {
        boolean woken = wokenAt != null;
        try {
            Optional<String> key = transactions.execute(status -> {
                Optional<ParkedRecordStore.Parked> claimed = parked.claimHead(id);
                if (claimed.isEmpty()) {
                    return Optional.<String>empty();
                }
                try {
                    processing.process(claimed.get().record());
                } catch (UnknownEventTypeException e) {
                    skip(processing, claimed.get().record(), e);
                }
                parked.remove(id);
                return Optional.of(claimed.get().record().orderingKey());
            });
            if (key != null && key.isPresent()) {
                woken(processing, woken, "handled");
                wake();
                return key;
            }
            return Optional.empty();
        } catch (RuntimeException failure) {
            if (woken && ConsumerProcessing.cause(failure) instanceof NotYet) {
                woken(processing, true, "not_yet");
                parked.wokenNotReady(id, wokenAt);
                return Optional.empty();
            }
            woken(processing, woken, "failed");
            transactions.executeWithoutResult(status -> parked.claimHead(id).ifPresent(row -> afterFailure(
                    processing, row, failure)));
            return Optional.empty();
        }
    }

    /** Counts a try of a parked record made by a wake-up ({@code accessledger.inbound.parked_woken}). */
    private void woken(ConsumerProcessing processing, boolean woken, String outcome) {
        if (woken) {
            meters.counter("accessledger.inbound.parked_woken", "consumer", processing.name(), "outcome", outcome)
                    .increment();
        }
    }

    private void afterFailure(ConsumerProcessing processing, ParkedRecordStore.Parked row, RuntimeException failure) {
        Throwable cause = ConsumerProcessing.cause(failure);
        String reason = ConsumerProcessing.reason(cause);
        Instant now = clock.instant();
        if (ConsumerProcessing.permanent(cause)) {
            deadLetters.send(row.record(), processing.name(), DeadLetters.kindOf(cause), reason);
            parked.remove(row.id());
        } else if (row.parkedAt().plus(spine.parkMaxAge()).isBefore(now)) {
            deadLetters.send(row.record(), processing.name(), DeadLetters.Kind.GAVE_UP, "parked since "
                    + row.parkedAt() + ", " + (row.attempts() + 1) + " attempts; last: " + reason);
            parked.remove(row.id());
        } else {
            parked.failedAgain(row.id(), reason, now.plus(spine.parkedRetryAfter(row.attempts() + 1)));
        }
    }

    /** Hands the dead letters of {@code topic} back to this service's consumers (all, or the one named). */
    public DeadLetters.Redrive redriveDeadLetters(Topic topic, String consumer) {
        Map<String, ConsumerProcessing> chosen = new LinkedHashMap<>(processings);
        if (consumer != null) {
            chosen.keySet().retainAll(List.of(consumer));
        }
        return deadLetters.redrive(topic.topicName(), chosen, parked, spine.parkBackoff());
    }

    /**
     * One pass over the dead-letter claims of the consumers of every instance ({@link DeadLetterClaims#pass}): run
     * every {@code dead-letter-claim-lease} on the redriver's thread when the service has such a consumer.
     */
    public DeadLetterClaims.Pass deadLetterClaimsPass() {
        try {
            return claims.pass();
        } catch (RuntimeException e) {
            log.warn("Dead-letter claims could not be passed over now: {}", e.getMessage());
            return new DeadLetterClaims.Pass(0, 0);
        }
    }

    public List<String> consumerNames() {
        return List.copyOf(processings.keySet());
    }

    @Override
    public void start() {
        containers.forEach(ConcurrentMessageListenerContainer::start);
        redriver = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "inbound-parked-redriver");
            thread.setDaemon(true);
            return thread;
        });
        long period = spine.parkPollInterval().toMillis();
        redriver.scheduleWithFixedDelay(() -> {
            try {
                redriveParked();
            } catch (RuntimeException e) {
                log.warn("Parked records could not be tried now: {}", e.getMessage());
            }
        }, period, period, TimeUnit.MILLISECONDS);
        if (processings.values().stream().anyMatch(ConsumerProcessing::everyInstance)) {
            // on the same thread: dead-letter claims left unsent by an instance that died, and old claims pruned
            long every = spine.deadLetterClaimLease().toMillis();
            redriver.scheduleWithFixedDelay(this::deadLetterClaimsPass, every, every, TimeUnit.MILLISECONDS);
        }
        running = true;
    }

    @Override
    public void stop() {
        if (redriver != null) {
            redriver.shutdownNow();
        }
        // All at once: a member's close waits for its fetch the broker holds (up to consumer-fetch-max-wait), so
        // stopping ~10 containers one after another cost a service ~10 such waits on every shutdown.
        CountDownLatch stopped = new CountDownLatch(containers.size());
        containers.forEach(container -> container.stop(stopped::countDown));
        try {
            if (!stopped.await(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Not every consumer stopped within {}", STOP_PATIENCE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
}
