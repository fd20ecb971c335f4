package io.accessledger.spine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.inbound.DeadLetterClaims;
import io.accessledger.spine.inbound.DeadLetters;
import io.accessledger.spine.inbound.InboundRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The claims that make the instances of a consumer of every instance dead-letter a record once
 * ({@code inbound_dead_lettered}): no connection held while the broker takes the letter, a claim left unsent by an
 * instance that died sent by another, and old claims pruned. Each "instance" here is a {@link DeadLetterClaims} of its
 * own on the service's database and broker (the service itself runs no consumer of every instance, so no pass of its
 * own touches these rows).
 */
@SpringBootTest(classes = SpineTestApp.class, properties = {
        "spring.application.name=request-service",
        "axon.axonserver.enabled=false",
        "spring.kafka.admin.operation-timeout=5s"})
class DeadLetterClaimsTest {
    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Clock CLOCK = Clock.systemUTC();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
        registry.add("spring.datasource.url", () -> LocalPostgres.freshDatabaseUrl("deadletterclaims"));
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Autowired
    KafkaTemplate<String, byte[]> spineKafkaTemplate;
    @Autowired
    DeadLetters deadLetters;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    MeterRegistry meters;

    /** What the sending thread held while the broker took a letter. */
    class Watched extends DeadLetters {
        final List<Boolean> inTransaction = new CopyOnWriteArrayList<>();
        final List<Boolean> holdingConnection = new CopyOnWriteArrayList<>();

        Watched() {
            super(spineKafkaTemplate, Map.of(), meters, CLOCK);
        }

        @Override
        public void send(InboundRecord record, String consumer, Kind kind, String reason) {
            inTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
            holdingConnection.add(TransactionSynchronizationManager.hasResource(dataSource));
            super.send(record, consumer, kind, reason);
        }
    }

    @Test
    void anInstanceSendsTheLetterItClaimedHoldingNoConnectionNorTransactionWhileTheBrokerTakesIt() {
        String consumer = "everywhere-" + UUID.randomUUID();
        Watched watched = new Watched();
        DeadLetterClaims first = instance("first", watched, LEASE);
        DeadLetterClaims second = instance("second", deadLetters, LEASE);
        InboundRecord broken = broken(consumer, 17);

        boolean sentByFirst = first.deadLetterOnce(consumer, broken, DeadLetters.Kind.UNDECODABLE, "not JSON");
        boolean sentBySecond = second.deadLetterOnce(consumer, broken, DeadLetters.Kind.UNDECODABLE, "not JSON");

        assertThat(sentByFirst).isTrue();
        assertThat(sentBySecond).isFalse();
        assertThat(watched.inTransaction).containsExactly(false);
        assertThat(watched.holdingConnection).containsExactly(false);
        assertThat(await().atMost(Duration.ofSeconds(60)).until(() -> lettersOf(broken.key()), l -> !l.isEmpty()))
                .hasSize(1);
        assertThat(jdbc.queryForObject("select sent_at is not null and value is null from inbound_dead_lettered"
                + " where consumer = ?", Boolean.class, consumer)).isTrue();
    }

    @Test
    void aClaimLeftUnsentByAnInstanceThatDiedIsSentOnceByAnotherInstancesPassWhenItsLeaseIsOver() {
        String consumer = "everywhere-" + UUID.randomUUID();
        DeadLetterClaims dying = instance("dying", new DeadLetters(spineKafkaTemplate, Map.of(), meters, CLOCK) {
            @Override
            public void send(InboundRecord record, String consumer, Kind kind, String reason) {
                throw new Died();
            }
        }, Duration.ofSeconds(5));
        DeadLetterClaims survivor = instance("survivor", deadLetters, LEASE);
        InboundRecord broken = broken(consumer, 23);

        assertThatThrownBy(() -> dying.deadLetterOnce(consumer, broken, DeadLetters.Kind.PERMANENT, "no such grant"))
                .isInstanceOf(Died.class);
        // it reads the same record meanwhile: the claim is the other's, so it neither sends nor waits
        long before = System.nanoTime();
        boolean sentAtOnce = survivor.deadLetterOnce(consumer, broken, DeadLetters.Kind.PERMANENT, "no such grant");
        Duration took = Duration.ofNanos(System.nanoTime() - before);
        // its periodic pass takes the claim over once the dead instance's lease (5 s) is over
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> survivor.pass().sent() == 1);

        assertThat(sentAtOnce).isFalse();
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        List<ConsumerRecord<String, byte[]>> letters = await().atMost(Duration.ofSeconds(60)).until(
                () -> lettersOf(broken.key()), l -> !l.isEmpty());
        assertThat(letters).hasSize(1);
        ConsumerRecord<String, byte[]> letter = letters.get(0);
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
        assertThat(TopicRecords.header(letter, DeadLetters.CONSUMER)).isEqualTo(consumer);
        assertThat(TopicRecords.header(letter, DeadLetters.KIND)).isEqualTo("PERMANENT");
        assertThat(TopicRecords.header(letter, DeadLetters.REASON)).isEqualTo("no such grant");
        assertThat(TopicRecords.header(letter, DeadLetters.ORIGINAL_OFFSET)).isEqualTo("23");
        assertThat(TopicRecords.header(letter, "ce_id")).isEqualTo("broken-" + consumer);
        assertThat(survivor.pass().sent()).isZero();
        assertThat(jdbc.queryForObject("select claimed_by from inbound_dead_lettered where consumer = ?"
                + " and sent_at is not null", String.class, consumer)).isEqualTo("request-service.survivor");
    }

    @Test
    void sentClaimsOlderThanTheRetentionArePrunedWhileRecentAndUnsentOnesStay() {
        String consumer = "everywhere-" + UUID.randomUUID();
        Instant now = CLOCK.instant();
        claimRow(consumer, 1, now.minus(Duration.ofDays(31)), true);
        claimRow(consumer, 2, now.minus(Duration.ofDays(29)), true);
        claimRow(consumer, 3, now.minus(Duration.ofHours(1)), true);
        // claimed long ago, its letter not sent and its lease running: kept until it is sent
        claimRow(consumer, 4, now.minus(Duration.ofDays(40)), false);

        DeadLetterClaims.Pass pass = instance("pruning", deadLetters, LEASE).pass();

        assertThat(pass.pruned()).isEqualTo(1);
        assertThat(jdbc.queryForList("select kafka_offset from inbound_dead_lettered where consumer = ?"
                + " order by kafka_offset", Long.class, consumer)).containsExactly(2L, 3L, 4L);
    }

    private void claimRow(String consumer, long offset, Instant claimedAt, boolean sent) {
        jdbc.update("""
                insert into inbound_dead_lettered (consumer, topic, kafka_partition, kafka_offset, dead_lettered_at,
                    sent_at, claimed_by, lease_until, headers, value, kind, reason)
                values (?, ?, 0, ?, ?, ?, 'elsewhere', ?, '{}', ?, 'UNDECODABLE', 'not JSON')""", consumer,
                Topic.REQUEST.topicName(), offset, Timestamp.from(claimedAt),
                sent ? Timestamp.from(claimedAt.plusSeconds(1)) : null,
                Timestamp.from(sent ? claimedAt.plus(LEASE) : CLOCK.instant().plus(Duration.ofHours(1))),
                sent ? null : "not json".getBytes(StandardCharsets.UTF_8));
    }

    /** An instance's claims, as the listeners of an instance named {@code name} of request-service make them. */
    private DeadLetterClaims instance(String name, DeadLetters letters, Duration lease) {
        return new DeadLetterClaims(jdbc, letters, CLOCK, "request-service." + name, lease, RETENTION);
    }

    private static InboundRecord broken(String consumer, long offset) {
        return new InboundRecord(Topic.REQUEST.topicName(), 0, offset, "R-" + consumer + "-broken",
                Map.of("ce_id", "broken-" + consumer, "ce_type", "accessledger.request.submitted.v1"),
                "not json".getBytes(StandardCharsets.UTF_8));
    }

    private static List<ConsumerRecord<String, byte[]>> lettersOf(String key) {
        return TopicRecords.withKey(BROKER.bootstrapServers(), Topic.REQUEST.deadLetterTopicName(), key);
    }

    /** An instance that dies after claiming, before its letter is sent. */
    private static final class Died extends Error {
    }
}
