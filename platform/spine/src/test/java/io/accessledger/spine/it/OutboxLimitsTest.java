package io.accessledger.spine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.outbox.OutboxHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Large events: a big event that compresses (a whole policy document is JSON) goes out under the broker's default
 * 1 MB limit; one that cannot go out leaves the outbox stuck on it, loudly — health DOWN naming the event and the
 * operator's action — and never skipped: once the topic takes it, the outbox resumes by itself.
 */
@SpringBootTest(classes = SpineTestApp.class, properties = {
        "spring.application.name=request-service",
        "axon.axonserver.enabled=false",
        "spring.kafka.admin.operation-timeout=5s"})
class OutboxLimitsTest {
    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
        registry.add("spring.datasource.url", () -> LocalPostgres.freshDatabaseUrl("outbox_limits"));
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    OutboxHealth health;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void aThreeMegabyteEventThatCompressesIsPublishedAndOneThatCannotBeStopsTheOutboxLoudlyUntilTheLimitIsRaised()
            throws Exception {
        StringBuilder document = new StringBuilder();
        for (int i = 0; document.length() < 3_000_000; i++) {
            document.append("{\"id\":\"resource-").append(i).append("\",\"sensitivity\":\"LOW\",\"levels\":[\"read\"]},");
        }
        EventId large = EventId.of(UUID.randomUUID().toString());
        commands.sendAndWait(new SpineTestApp.Submit(RequestId.of("R-" + UUID.randomUUID()), large, 1,
                Instant.parse("2026-11-02T09:00:00Z"), document.toString()));

        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from test_effects where event_id = ?", Integer.class, large.value()) == 1);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(meters.get("accessledger.outbox.stuck").gauge().value()).isZero();

        byte[] noise = new byte[2_400_000];
        new Random(7).nextBytes(noise);
        EventId tooLarge = EventId.of(UUID.randomUUID().toString());
        EventId behind = EventId.of(UUID.randomUUID().toString());
        commands.sendAndWait(new SpineTestApp.Submit(RequestId.of("R-" + UUID.randomUUID()), tooLarge, 2,
                Instant.parse("2026-11-02T09:01:00Z"), Base64.getEncoder().encodeToString(noise)));

        await().atMost(Duration.ofSeconds(60)).until(() -> health.health().getStatus().equals(Status.DOWN));
        assertThat(health.health().getDetails()).containsEntry("stuckOnEvent", tooLarge.value())
                .containsEntry("type", "RequestSubmitted");
        assertThat((String) health.health().getDetails().get("action")).contains("message.max.bytes");
        assertThat(meters.get("accessledger.outbox.stuck").gauge().value()).isEqualTo(1.0);

        commands.sendAndWait(new SpineTestApp.Submit(RequestId.of("R-" + UUID.randomUUID()), behind, 3,
                Instant.parse("2026-11-02T09:02:00Z"), null));
        // Stored once the outbox is stuck: the retries send one event at a time, each after the one before is acked,
        // so the event behind the stuck one is not sent. (One stored before the first failure was known may have gone
        // out with that batch, whose sends are not awaited one by one: at least once, in order per partition.)
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).until(() ->
                health.health().getStatus().equals(Status.DOWN) && effects(tooLarge) == 0 && effects(behind) == 0);

        // The operator's action, as the health names it: the topic takes larger records; the outbox resumes by itself
        // with the event it was stuck on (never skipped), then the one behind it.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, Topic.REQUEST.topicName()),
                    List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "8388608"),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> effects(tooLarge) == 1 && effects(behind) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.UP));
        assertThat(meters.get("accessledger.outbox.stuck").gauge().value()).isZero();
    }

    private int effects(EventId event) {
        return jdbc.queryForObject("select count(*) from test_effects where event_id = ?", Integer.class,
                event.value());
    }
}
