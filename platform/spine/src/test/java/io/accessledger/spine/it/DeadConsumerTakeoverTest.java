package io.accessledger.spine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.infra.KraftBroker;
import io.accessledger.spine.SpineProperties;
import io.accessledger.spine.inbound.InboundListeners;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A service instance killed with {@code kill -9} never leaves its consumer groups: the broker keeps its partitions
 * until the member's session times out, and until then nobody consumes them, not even the same service started again
 * at once. The spine's group members (built by {@link InboundListeners#memberConfig}, as every inbound listener is)
 * have a session of {@code accessledger.spine.consumer-session-timeout} (10s), not Kafka's 45s. In the fault run the
 * flow stopped for 45s after a {@code kill -9} of provisioning-service that was back in 13s (docs/RELIABILITY.md).
 */
class DeadConsumerTakeoverTest {
    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();

    @AfterAll
    static void stopBroker() {
        BROKER.close();
    }

    @Test
    void theRestartedInstanceGetsTheDeadInstancesPartitionsWellBeforeKafkasDefaultSessionOf45Seconds()
            throws Exception {
        String topic = "accessledger.takeover-" + UUID.randomUUID();
        Map<String, Object> connection = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                BROKER.bootstrapServers());
        try (Admin admin = Admin.create(connection)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        Map<String, Object> member = InboundListeners.memberConfig(connection, "accessledger.test.takeover", false,
                new SpineProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null));

        KafkaConsumer<String, byte[]> dead = new KafkaConsumer<>(member);
        dead.subscribe(List.of(topic));
        assertThat(pollUntilAssigned(dead, Duration.ofSeconds(30))).hasSize(3);
        // As kill -9: the member stops heartbeating without a LeaveGroup; the broker only learns it from the session.
        dead.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
        long died = System.nanoTime();

        try (KafkaConsumer<String, byte[]> restarted = new KafkaConsumer<>(member)) {
            restarted.subscribe(List.of(topic));
            Set<TopicPartition> taken = pollUntilAssigned(restarted, Duration.ofSeconds(60));
            Duration waited = Duration.ofNanos(System.nanoTime() - died);
            assertThat(taken).as("the dead member's partitions, taken over").hasSize(3);
            assertThat(waited).as("the wait for the dead member's session").isLessThan(Duration.ofSeconds(30));
        }
    }

    private static Set<TopicPartition> pollUntilAssigned(KafkaConsumer<String, byte[]> consumer, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200));
        }
        return Set.copyOf(consumer.assignment());
    }
}
