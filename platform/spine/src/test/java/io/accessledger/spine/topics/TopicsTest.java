package io.accessledger.spine.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.events.Topic;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.KraftCluster;
import io.accessledger.spine.SpineProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicsTest {

    private static SpineProperties spine(Integer partitions, Short replication, Integer minInSync) {
        return spine(partitions, replication, minInSync, null);
    }

    private static SpineProperties spine(Integer partitions, Short replication, Integer minInSync,
            Boolean addMissingReplicas) {
        return new SpineProperties(partitions, replication, minInSync, null, null, null, null, null, null, null, null,
                null, null, null, null, addMissingReplicas, null);
    }

    @Test
    void unsetReplicationIsThreeWithTwoInSyncOnAClusterAndOneOnASingleBroker() {
        assertThat(Topics.plan(spine(null, null, null), 5)).isEqualTo(new Topics.Plan(3, (short) 3, 2));
        assertThat(Topics.plan(spine(null, null, null), 3)).isEqualTo(new Topics.Plan(3, (short) 3, 2));
        assertThat(Topics.plan(spine(null, null, null), 2)).isEqualTo(new Topics.Plan(3, (short) 2, 1));
        assertThat(Topics.plan(spine(null, null, null), 1)).isEqualTo(new Topics.Plan(3, (short) 1, 1));
        assertThat(Topics.plan(spine(12, (short) 3, 2), 1)).isEqualTo(new Topics.Plan(12, (short) 3, 2));
        assertThat(Topics.plan(spine(null, null, null), 3).configs())
                .containsEntry("min.insync.replicas", "2").containsEntry("retention.ms", "-1")
                .containsEntry("cleanup.policy", "delete");
    }

    @Test
    void moreInSyncReplicasThanReplicasIsRefusedNamingTheSettings() {
        assertThatThrownBy(() -> Topics.plan(spine(null, (short) 1, 2), 1))
                .hasMessageContaining("accessledger.spine.min-in-sync-replicas");
    }

    @Test
    void missingTopicsAreCreatedAndAnExistingTopicsPartitionsAreNeverRaised() throws Exception {
        try (KraftBroker broker = KraftBroker.onFreePorts().start();
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topic.POLICY.topicName(), 1, (short) 1))).all().get();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();

            boolean ready = new Topics(broker.bootstrapServers(), spine(4, null, null), meters, Duration.ofSeconds(10))
                    .ensure();

            assertThat(ready).isTrue();
            var described = admin.describeTopics(Topics.names()).allTopicNames().get();
            assertThat(described).hasSize(Topic.values().length * 2);
            assertThat(described.get(Topic.POLICY.topicName()).partitions()).hasSize(1);
            assertThat(described.get(Topic.REQUEST.topicName()).partitions()).hasSize(4);
            assertThat(meters.counter("accessledger.topics.partition_mismatch", "topic", Topic.POLICY.topicName())
                    .count()).isEqualTo(1);
            var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                    Topic.REQUEST.deadLetterTopicName()))).all().get().values().iterator().next();
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
        }
    }

    @Test
    void onAThreeBrokerClusterTopicsHaveThreeReplicasTwoInSyncTakeWritesWithALeaderDownAndOneWithFewerGetsTheMissingOnes(
            @TempDir Path dir) throws Exception {
        KraftCluster cluster = KraftCluster.onFreePorts(dir, 3);
        List<KraftBroker> nodes = new ArrayList<>(cluster.nodes().stream().map(cluster::node).toList());
        try {
            // each node waits for a quorum of the others before it is ready: started together
            CompletableFuture.allOf(nodes.stream().map(node -> CompletableFuture.runAsync(node::start))
                    .toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers()))) {
                // a started node may not have registered with the controller yet, and the replication of topics that
                // are created follows the brokers the cluster names (on a loaded machine: 2 of 3 seen once)
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() == 3);
                // one topic made earlier while a broker was down, by the plan for two brokers: 2 replicas, 1 in sync,
                // with an event in it
                String shortOne = Topic.AUDIT.deadLetterTopicName();
                admin.createTopics(List.of(new NewTopic(shortOne, 3, (short) 2)
                        .configs(Map.of("min.insync.replicas", "1")))).all().get(30, TimeUnit.SECONDS);
                send(cluster, shortOne, 1);
                var before = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin
                        .describeTopics(List.of(shortOne)).allTopicNames().get().get(shortOne), topic -> true);

                SimpleMeterRegistry reportOnly = new SimpleMeterRegistry();
                assertThat(new Topics(cluster.bootstrapServers(), spine(3, null, null, false), reportOnly,
                        Duration.ofSeconds(30)).ensure()).isTrue();

                // created topics reach every broker's metadata a moment after the controller has them
                var described = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> admin.describeTopics(Topics.names()).allTopicNames().get(), all -> true);
                assertThat(described.values()).filteredOn(topic -> !topic.name().equals(shortOne))
                        .allSatisfy(topic -> assertThat(topic.partitions())
                                .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3)));
                assertThat(described.get(shortOne).partitions()).as("reported only: left as it is")
                        .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(2));
                assertThat(minInSync(admin, shortOne)).isEqualTo("1");
                assertThat(reportOnly.find("accessledger.topics.replication_shortfall").counters())
                        .singleElement().satisfies(counter -> {
                            assertThat(counter.getId().getTag("topic")).isEqualTo(shortOne);
                            assertThat(counter.count()).isEqualTo(1);
                        });
                assertThat(reportOnly.find("accessledger.topics.replicas_added").counters()).isEmpty();
                var configs = admin.describeConfigs(Topics.names().stream().filter(name -> !name.equals(shortOne))
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all().get();
                assertThat(configs.values()).allSatisfy(config ->
                        assertThat(config.get("min.insync.replicas").value()).isEqualTo("2"));
                var broker = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                        .all().get().values().iterator().next();
                assertThat(broker.get("offsets.topic.replication.factor").value()).isEqualTo("3");
                assertThat(broker.get("transaction.state.log.replication.factor").value()).isEqualTo("3");
                assertThat(broker.get("transaction.state.log.min.isr").value()).isEqualTo("2");

                // the default: the next start adds the missing replica to each partition, keeps its leader and its
                // event, and raises min.insync.replicas once the new replicas are in sync
                SimpleMeterRegistry repairing = new SimpleMeterRegistry();
                assertThat(new Topics(cluster.bootstrapServers(), spine(3, null, null), repairing,
                        Duration.ofSeconds(30)).ensure()).isTrue();

                // the answer of a broker whose metadata has the reassignment's end (they learn it a moment apart)
                var after = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin
                        .describeTopics(List.of(shortOne)).allTopicNames().get().get(shortOne), topic -> topic
                        .partitions().stream().allMatch(partition -> partition.isr().size() == 3));
                assertThat(after.partitions()).allSatisfy(partition -> {
                    assertThat(partition.replicas()).hasSize(3);
                    assertThat(partition.isr()).hasSize(3);
                    var was = before.partitions().get(partition.partition());
                    assertThat(partition.replicas().subList(0, 2)).as("its own replicas first").isEqualTo(was.replicas());
                    assertThat(partition.leader()).isEqualTo(was.leader());
                });
                assertThat(minInSync(admin, shortOne)).isEqualTo("2");
                assertThat(repairing.counter("accessledger.topics.replicas_added", "topic", shortOne).count())
                        .isEqualTo(3);
                assertThat(repairing.find("accessledger.topics.min_insync_raised").counters()).singleElement()
                        .satisfies(counter -> assertThat(counter.getId().getTag("topic")).isEqualTo(shortOne));
                assertThat(endOffsets(cluster, shortOne)).isEqualTo(1);

                // a later start finds nothing to do (once the broker it asks has the new replicas in its metadata)
                SimpleMeterRegistry again = await().atMost(Duration.ofSeconds(30)).until(() -> {
                    SimpleMeterRegistry meters = new SimpleMeterRegistry();
                    new Topics(cluster.bootstrapServers(), spine(3, null, null), meters, Duration.ofSeconds(30))
                            .ensure();
                    return meters;
                }, meters -> meters.find("accessledger.topics.replication_shortfall").counters().isEmpty());
                assertThat(again.find("accessledger.topics.replicas_added").counters()).as("repaired").isEmpty();

                int leader = described.get(Topic.REQUEST.topicName()).partitions().get(0).leader().id();
                nodes.get(leader - 1).stop();
                assertThat(send(cluster, Topic.REQUEST.topicName(), 0)).isZero();
                var request = admin.describeTopics(List.of(Topic.REQUEST.topicName())).allTopicNames().get()
                        .get(Topic.REQUEST.topicName()).partitions().get(0);
                assertThat(request.leader().id()).isNotEqualTo(leader);
                assertThat(request.isr()).hasSize(2);
            }
        } finally {
            // together: a node stopped last, alone, waits minutes for a controller quorum to shut down cleanly
            CompletableFuture.allOf(nodes.stream().map(node -> CompletableFuture.runAsync(node::stop))
                    .toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }
    }

    /** Writes one record with {@code acks=all} to the partition, and returns its offset. */
    private static long send(KraftCluster cluster, String topic, int partition) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            return producer.send(new ProducerRecord<>(topic, partition, "k", "v".getBytes(StandardCharsets.UTF_8)))
                    .get(60, TimeUnit.SECONDS).offset();
        }
    }

    private static long endOffsets(KraftCluster cluster, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers()))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .stream().map(partition -> new TopicPartition(topic, partition.partition()))
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get().values().stream().mapToLong(info -> info.offset()).sum();
        }
    }

    private static String minInSync(Admin admin, String topic) throws Exception {
        return admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic))).all().get()
                .values().iterator().next().get("min.insync.replicas").value();
    }

    @Test
    void anExistingTopicThatWouldCompactOrExpireEventsIsReportedAndLeftAsItIs() throws Exception {
        try (KraftBroker broker = KraftBroker.onFreePorts().start();
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topic.REVIEW.topicName(), 3, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact", "retention.ms", "604800000")))).all().get();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();

            assertThat(new Topics(broker.bootstrapServers(), spine(3, null, null), meters, Duration.ofSeconds(10))
                    .ensure()).isTrue();

            assertThat(meters.counter("accessledger.topics.retention_violation", "topic", Topic.REVIEW.topicName(),
                    "setting", "cleanup.policy").count()).isEqualTo(1);
            assertThat(meters.counter("accessledger.topics.retention_violation", "topic", Topic.REVIEW.topicName(),
                    "setting", "retention.ms").count()).isEqualTo(1);
            assertThat(meters.counter("accessledger.topics.retention_violation", "topic", Topic.REQUEST.topicName(),
                    "setting", "cleanup.policy").count()).isZero();
            var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                    Topic.REVIEW.topicName()))).all().get().values().iterator().next();
            assertThat(config.get("cleanup.policy").value()).as("never altered").isEqualTo("compact");
        }
    }

    @Test
    void anUnreachableBrokerIsNotReadyYetAndDoesNotThrow() {
        assertThat(new Topics("127.0.0.1:1", spine(null, null, null), new SimpleMeterRegistry(),
                Duration.ofMillis(500)).ensure()).isFalse();
    }
}
