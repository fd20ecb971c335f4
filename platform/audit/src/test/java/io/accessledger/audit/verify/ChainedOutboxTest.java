package io.accessledger.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.integrity.AuditCheckpoint;
import io.accessledger.events.integrity.AuditKeys;
import io.accessledger.events.integrity.ChainHash;
import io.accessledger.events.integrity.ChainHeaders;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.SpineProperties;
import io.accessledger.spine.it.SpineTestApp;
import io.accessledger.spine.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tamper evidence end to end on the spine: events published through the real outbox (real KRaft broker, real
 * PostgreSQL) carry a correct chain per key, a signed checkpoint reaches the audit topic, {@link LogVerifier} reading
 * the broker finds the log intact — and names the event when a copy of the log with one record edited is verified.
 */
@SpringBootTest(classes = SpineTestApp.class, properties = {
        "spring.application.name=request-service",
        "axon.axonserver.enabled=false",
        "spring.kafka.admin.operation-timeout=5s",
        "accessledger.audit.checkpoint-every=1s"})
class ChainedOutboxTest {
    private static final KeyPair KEYS = AuditKeys.generate();
    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();
    private static final String TOPIC = Topic.REQUEST.topicName();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
        registry.add("spring.datasource.url", () -> LocalPostgres.freshDatabaseUrl("chain"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("accessledger.audit.signing-key", () -> AuditKeys.encode(KEYS.getPrivate()));
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    MeterRegistry meters;
    @Autowired
    @Qualifier("auditInfo")
    InfoContributor auditInfo;

    private final LogVerifier verifier = new LogVerifier(Map.of("request-service", KEYS.getPublic()));

    @Test
    void publishedEventsAreChainedPerKeyCheckpointedAndVerifiedAndAnEditIsNamed() throws Exception {
        RequestId first = RequestId.of("R-" + UUID.randomUUID());
        RequestId second = RequestId.of("R-" + UUID.randomUUID());
        Instant at = Instant.parse("2026-11-02T09:00:00Z");
        commands.sendAndWait(new SpineTestApp.Submit(first, EventId.of(UUID.randomUUID().toString()), 0, at));
        commands.sendAndWait(new SpineTestApp.Submit(second, EventId.of(UUID.randomUUID().toString()), 0, at));
        for (int i = 1; i <= 2; i++) {
            commands.sendAndWait(new SpineTestApp.Revise(first, EventId.of(UUID.randomUUID().toString()), i,
                    at.plusSeconds(i)));
        }

        List<LogRecord> log = await().atMost(Duration.ofSeconds(60)).until(this::readLog,
                records -> checkpointSizes(records).contains(4L));

        List<LogRecord> events = log.stream().filter(r -> r.topic().equals(TOPIC)).toList();
        assertThat(events).extracting(r -> Long.parseLong(r.header(ChainHeaders.INDEX)))
                .containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
        assertChainedPerKey(events, first.value(), 3);
        assertChainedPerKey(events, second.value(), 1);
        assertThat(meters.counter("accessledger.audit.checkpoints", "topic", TOPIC).count()).isPositive();
        Info.Builder info = new Info.Builder();
        auditInfo.contribute(info);
        assertThat(info.build().getDetails().get("audit")).isEqualTo(Map.of("checkpoints", "on", "keyId",
                AuditKeys.keyId(KEYS.getPublic()), "keyFrom", "accessledger.audit.signing-key", "every", "PT1S"));

        VerificationReport intact = verifier.verify(KafkaLogReader.of(BROKER.bootstrapServers()));
        assertThat(intact.ok()).as(intact.render()).isTrue();
        assertThat(intact.topics().get(TOPIC).covered()).isEqualTo(4);

        LogRecord victim = events.stream().filter(r -> r.key().equals(first.value())
                && r.header(ChainHeaders.SEQ).equals("1")).findFirst().orElseThrow();
        try (KraftBroker copy = KraftBroker.onFreePorts().start()) {
            copyLog(log, copy.bootstrapServers(), victim);
            VerificationReport tampered = verifier.verify(KafkaLogReader.of(copy.bootstrapServers()));
            assertThat(tampered.failures()).as(tampered.render()).singleElement().satisfies(finding -> {
                assertThat(finding.kind()).isEqualTo(Finding.Kind.EDITED);
                assertThat(finding.ceId()).isEqualTo(victim.header(CloudEventHeaders.ID));
            });
        }
    }

    private List<LogRecord> readLog() {
        List<LogRecord> records = new ArrayList<>();
        KafkaLogReader.of(BROKER.bootstrapServers()).forEach(records::add);
        return records;
    }

    private static List<Long> checkpointSizes(List<LogRecord> log) {
        EventCodec codec = new EventCodec();
        return log.stream().filter(r -> r.topic().equals(Topic.AUDIT.topicName()))
                .map(r -> ((AuditCheckpoint) codec.decode(r.header(CloudEventHeaders.TYPE), r.value())).treeSize())
                .toList();
    }

    /** A key's events run seq 0..n-1, each naming its predecessor's hash, each hash its own canonical form's. */
    private static void assertChainedPerKey(List<LogRecord> events, String key, int count) {
        List<LogRecord> chain = events.stream().filter(r -> r.key().equals(key))
                .sorted(Comparator.comparingLong(r -> Long.parseLong(r.header(ChainHeaders.SEQ)))).toList();
        assertThat(chain).hasSize(count);
        String prev = ChainHash.NO_PREDECESSOR;
        for (int seq = 0; seq < count; seq++) {
            LogRecord record = chain.get(seq);
            assertThat(record.header(ChainHeaders.SEQ)).isEqualTo(Integer.toString(seq));
            assertThat(record.header(ChainHeaders.PREV)).isEqualTo(prev);
            assertThat(record.header(ChainHeaders.HASH)).isEqualTo(ChainHash.of(TOPIC, key, record::header,
                    record.value(), Long.parseLong(record.header(ChainHeaders.INDEX)), seq, prev));
            prev = record.header(ChainHeaders.HASH);
        }
    }

    /** Writes the log to another broker as it was, partition by partition, with {@code victim}'s value edited. */
    private static void copyLog(List<LogRecord> log, String bootstrapServers, LogRecord victim) {
        assertThat(new Topics(bootstrapServers, new SpineProperties(3, (short) 1, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null), new SimpleMeterRegistry(), Duration.ofSeconds(10)).ensure()).isTrue();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            for (LogRecord record : log) {
                byte[] value = record == victim ? new String(record.value(), StandardCharsets.UTF_8)
                        .replace("sequence 1", "sequence 9").getBytes(StandardCharsets.UTF_8) : record.value();
                ProducerRecord<String, byte[]> copy = new ProducerRecord<>(record.topic(), record.partition(),
                        record.key(), value);
                record.headers().forEach((name, header) -> copy.headers().add(name,
                        header.getBytes(StandardCharsets.UTF_8)));
                producer.send(copy);
            }
            producer.flush();
        }
    }
}
