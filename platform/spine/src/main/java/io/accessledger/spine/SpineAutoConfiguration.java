package io.accessledger.spine;

import io.accessledger.events.codec.EventCodec;
import io.accessledger.spine.audit.AuditProperties;
import io.accessledger.spine.audit.ChainStore;
import io.accessledger.spine.audit.Checkpoints;
import io.accessledger.spine.audit.SigningKey;
import io.accessledger.spine.commands.CachedCommandTargetResolver;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.Causation;
import io.accessledger.spine.tracing.RecordTracing;
import io.accessledger.spine.tracing.TraceparentOnCommands;
import io.accessledger.spine.jobs.JobLeases;
import io.accessledger.spine.inbound.EventConsumer;
import io.accessledger.spine.inbound.DeadLetters;
import io.accessledger.spine.inbound.HandledEvents;
import io.accessledger.spine.inbound.ParkedRecordStore;
import io.accessledger.spine.inbound.InboundListeners;
import io.accessledger.spine.outbox.OutboxHealth;
import io.accessledger.spine.outbox.OutboxPublisher;
import io.accessledger.spine.replay.ReadModel;
import io.accessledger.spine.replay.ReadModelRebuilds;
import io.accessledger.spine.store.AxonStore;
import io.accessledger.spine.store.ModuleMigrations;
import io.accessledger.spine.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The messaging spine of a service: its Axon store (the outbox), the publisher to its topic, the listeners for the
 * topics it consumes, and the topics themselves. A service supplies {@code spring.application.name}, a
 * {@link DataSource} and {@code spring.kafka.bootstrap-servers}, and implements {@link EventConsumer}s.
 */
@AutoConfiguration
@EnableConfigurationProperties({SpineProperties.class, AuditProperties.class})
@Import(AxonStore.class)
public class SpineAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public EventCodec eventCodec() {
        return new EventCodec();
    }

    /** Migrates the spine's tables (Axon's stores, the dedupe table) before anything reads or writes them. */
    @Bean
    public SpineSchema spineSchema(DataSource dataSource) {
        ModuleMigrations.migrate(dataSource, "spine");
        return new SpineSchema();
    }

    /** Leases that make a scheduled job fire on one instance at a time. */
    @Bean
    public JobLeases jobLeases(JdbcTemplate jdbc, Clock clock, @Value("${spring.application.name}") String service,
            SpineSchema schema) {
        return new JobLeases(jdbc, clock, service);
    }

    /** The one way consumers turn events into commands. */
    @Bean
    public CausedCommands causedCommands(CommandGateway commandGateway) {
        return new CausedCommands(commandGateway);
    }

    /** Marker bean: the spine's tables exist. */
    public static final class SpineSchema {
    }

    /** How the spine's Kafka clients reach the cluster, TLS and SASL included (Boot's {@code spring.kafka.*}). */
    /**
     * The aggregates' command target resolver: Axon's rules, its search done once per command class
     * ({@link CachedCommandTargetResolver}). Registered with Axon's configuration, which is where an aggregate without
     * a resolver of its own ({@code @Aggregate(commandTargetResolver = ...)}) asks for one; a bean of the type alone
     * is not asked for.
     */
    @Bean
    public ConfigurerModule cachedCommandTargets() {
        return configurer -> configurer.registerComponent(CommandTargetResolver.class,
                c -> new CachedCommandTargetResolver());
    }

    @Bean
    public KafkaConnection spineKafkaConnection(KafkaProperties kafka) {
        return KafkaConnection.of(kafka);
    }

    @Bean
    public KafkaTemplate<String, byte[]> spineKafkaTemplate(KafkaConnection connection,
            @Value("${spring.application.name}") String service,
            @Value("${accessledger.spine.max-request-size:16777216}") int maxRequestSize) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, service + "-outbox");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // Events are JSON and compress well (a whole policy document rides on PolicyPublished): zstd keeps a large
        // policy under the broker's default message.max.bytes; the producer's own limit applies before compression.
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestSize);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(connection.with(config)));
    }

    /** The topics, created if missing before the consumers subscribe (or before the first send if Kafka was down). */
    @Bean
    public Topics topics(KafkaConnection connection,
            @Value("${spring.kafka.admin.operation-timeout:10s}") java.time.Duration timeout, SpineProperties spine,
            MeterRegistry meters) {
        Topics topics = new Topics(connection, spine, meters, timeout);
        topics.ensure();
        return topics;
    }

    /** Health {@code outbox}: DOWN while the outbox is stuck on an event no retry can get past. */
    @Bean
    public OutboxHealth outboxHealth(Clock clock, MeterRegistry meters) {
        return new OutboxHealth(clock, meters);
    }

    @Bean
    public OutboxPublisher outboxPublisher(@Value("${spring.application.name}") String service,
            KafkaTemplate<String, byte[]> spineKafkaTemplate, Topics topics, EventCodec codec,
            MeterRegistry meters, OutboxHealth outboxHealth, ChainStore chainStore, RecordTracing tracing) {
        return new OutboxPublisher(service, spineKafkaTemplate, topics, codec, meters, outboxHealth, chainStore,
                tracing);
    }

    /** The outbox's hash chain and Merkle tree state (tamper evidence, docs/AUDIT.md). */
    @Bean
    public ChainStore chainStore(JdbcTemplate jdbc, SpineSchema schema) {
        return new ChainStore(jdbc);
    }

    /** The checkpoint signing key, when one is configured. */
    @Bean
    @ConditionalOnExpression(SIGNING_KEY_CONFIGURED)
    public SigningKey checkpointSigningKey(AuditProperties audit,
            @Value("${spring.application.name}") String service) {
        return SigningKey.configured(audit, service).orElseThrow();
    }

    static final String SIGNING_KEY_CONFIGURED = "'${accessledger.audit.signing-key:}' != ''"
            + " or '${accessledger.audit.signing-key-file:}' != ''";

    /** Signed checkpoints of the service's topics, when it has a signing key. */
    @Bean
    @ConditionalOnExpression(SIGNING_KEY_CONFIGURED)
    public Checkpoints checkpoints(SigningKey checkpointSigningKey, AuditProperties audit,
            @Value("${spring.application.name}") String service, ChainStore chainStore,
            KafkaTemplate<String, byte[]> spineKafkaTemplate, EventCodec codec, JobLeases jobLeases, Clock clock,
            MeterRegistry meters) {
        return new Checkpoints(service, chainStore, checkpointSigningKey, spineKafkaTemplate, codec, jobLeases,
                clock, meters, audit.checkpointEvery());
    }

    /**
     * {@code /actuator/info}'s {@code audit}: whether checkpoints are signed, with which key, how often. Without a
     * key it logs the WARN that says how to configure one.
     */
    @Bean
    public InfoContributor auditInfo(ObjectProvider<SigningKey> signingKey, AuditProperties audit,
            @Value("${spring.application.name}") String service) {
        SigningKey key = signingKey.getIfAvailable(() -> SigningKey.configured(audit, service).orElse(null));
        return info -> info.withDetail("audit", key == null
                ? Map.of("checkpoints", "off: no accessledger.audit.signing-key or signing-key-file")
                : Map.of("checkpoints", "on", "keyId", key.keyId(), "keyFrom", key.origin(),
                        "every", audit.checkpointEvery().toString()));
    }

    /**
     * The outbox runs as a tracking processor that stops and retries (keeping its token) when a send fails, up to
     * {@link OutboxPublisher#BATCH} events per unit of work (Axon's default is one: a transaction, a token update and a
     * wait for the broker per event).
     */
    @Bean
    public ConfigurerModule outboxProcessing() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(OutboxPublisher.PROCESSING_GROUP)
                .registerTrackingEventProcessorConfiguration(OutboxPublisher.PROCESSING_GROUP, c ->
                        org.axonframework.eventhandling.TrackingEventProcessorConfiguration
                                .forSingleThreadedProcessing().andBatchSize(OutboxPublisher.BATCH))
                .registerListenerInvocationErrorHandler(OutboxPublisher.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance()));
    }

    /** Carries causality from commands to the events they produce, and so onto the published envelope. */
    @Bean
    public HandledEvents handledEvents(JdbcTemplate jdbc, SpineSchema schema) {
        return new HandledEvents(jdbc);
    }

    @Bean
    public CorrelationDataProvider causationCorrelation() {
        return new SimpleCorrelationDataProvider(Causation.CORRELATION, Causation.CAUSATION, Causation.TRACEPARENT);
    }

    @Bean
    public ParkedRecordStore parkedRecordStore(JdbcTemplate jdbc, SpineSchema schema, SpineProperties spine) {
        return new ParkedRecordStore(jdbc, spine.parkBackoffMax());
    }

    @Bean
    public DeadLetters deadLetters(KafkaTemplate<String, byte[]> spineKafkaTemplate, KafkaConnection connection,
            MeterRegistry meters, Clock clock) {
        return new DeadLetters(spineKafkaTemplate, consumerConfig(connection), meters, clock);
    }

    @Bean
    public InboundListeners inboundListeners(@Value("${spring.application.name}") String service,
            KafkaConnection connection,
            List<EventConsumer> consumers, DeadLetters deadLetters, ParkedRecordStore parked, EventCodec codec,
            JdbcTemplate jdbc, TransactionTemplate transactions, SpineProperties spine, MeterRegistry meters,
            Clock clock, SpineSchema schema, Topics topics, RecordTracing tracing) {
        return new InboundListeners(service, consumers, consumerConfig(connection), deadLetters, parked, codec,
                jdbc, transactions, spine, meters, clock, tracing);
    }

    /**
     * Tracing of consumed records and of the commands they (or HTTP calls) send: off when
     * {@code management.tracing.export.enabled=false} (a service's default: {@code ACCESSLEDGER_TRACING} unset), which
     * leaves Boot's tracer in place but propagates nothing.
     */
    @Bean
    public RecordTracing recordTracing(@Value("${management.tracing.export.enabled:true}") boolean tracing,
            ObjectProvider<io.micrometer.tracing.Tracer> tracer,
            ObjectProvider<io.micrometer.tracing.propagation.Propagator> propagator) {
        return tracing ? new RecordTracing(tracer.getIfUnique(), propagator.getIfUnique()) : RecordTracing.OFF;
    }

    @Bean
    public TraceparentOnCommands traceparentOnCommands(RecordTracing tracing) {
        return new TraceparentOnCommands(tracing);
    }

    /** Rebuilds this service's read models from the topics into a fresh schema (admin endpoint, deploy/rebuild.sh). */
    @Bean
    public ReadModelRebuilds readModelRebuilds(@Value("${spring.application.name}") String service,
            KafkaConnection connection,
            ObjectProvider<ReadModel> readModels, EventCodec codec, JdbcTemplate jdbc,
            TransactionTemplate transactions, Clock clock, SpineSchema schema) {
        return new ReadModelRebuilds(service, readModels.orderedStream().toList(), consumerConfig(connection),
                codec, jdbc, transactions, clock);
    }

    private static Map<String, Object> consumerConfig(KafkaConnection connection) {
        return connection.with(Map.of(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000));
    }
}
