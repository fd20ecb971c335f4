package io.accessledger.spine.topics;

import io.accessledger.events.Topic;
import io.accessledger.spine.KafkaConnection;
import io.accessledger.spine.SpineProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite's topics, defined in this one place: every AccessLedger topic and its dead-letter topic, kept forever,
 * never compacted, with the partitions, replication factor and {@code min.insync.replicas} of the configuration.
 * A service creates what is missing before its consumers subscribe (so start order does not matter) and never
 * changes a topic that exists: a partition count other than the configured one is reported, never "fixed" — adding
 * partitions would move keys and break their order. In production, create them beforehand (e.g. Strimzi
 * {@code KafkaTopic}s) and the services find them.
 */
public class Topics {
    private static final Logger log = LoggerFactory.getLogger(Topics.class);

    private final KafkaConnection connection;
    private final SpineProperties spine;
    private final MeterRegistry meters;
    private final Duration timeout;
    private volatile boolean ready;

    public Topics(String bootstrapServers, SpineProperties spine, MeterRegistry meters, Duration timeout) {
        this(KafkaConnection.plaintext(bootstrapServers), spine, meters, timeout);
    }

    public Topics(KafkaConnection connection, SpineProperties spine, MeterRegistry meters, Duration timeout) {
        this.connection = connection;
        this.spine = spine;
        this.meters = meters;
        this.timeout = timeout;
    }

    /** Every topic name of the suite, dead-letter topics included. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            names.add(topic.topicName());
            names.add(topic.deadLetterTopicName());
        }
        return names;
    }

    /** What a created topic gets: replication from the configuration, or 3 (fewer only on a smaller cluster). */
    public static Plan plan(SpineProperties spine, int brokers) {
        short replication = spine.replicationFactor() != null ? spine.replicationFactor()
                : (short) Math.max(1, Math.min(3, brokers));
        int minInSync = spine.minInSyncReplicas() != null ? spine.minInSyncReplicas() : replication >= 3 ? 2 : 1;
        if (minInSync > replication) {
            throw new IllegalStateException("accessledger.spine.min-in-sync-replicas (" + minInSync
                    + ") cannot exceed accessledger.spine.replication-factor (" + replication + ")");
        }
        return new Plan(spine.partitions(), replication, minInSync);
    }

    /** Partitions, replication factor and {@code min.insync.replicas} of the topics a service creates. */
    public record Plan(int partitions, short replicationFactor, int minInSyncReplicas) {
        public Map<String, String> configs() {
            Map<String, String> configs = new HashMap<>(Topic.TOPIC_CONFIG);
            configs.put("min.insync.replicas", Integer.toString(minInSyncReplicas));
            return configs;
        }
    }

    /** Creates the missing topics; {@code true} once all exist. A broker that cannot be reached is tried later. */
    public boolean ensure() {
        if (ready) {
            return true;
        }
        synchronized (this) {
            if (ready) {
                return true;
            }
            Map<String, Object> config = connection.with(Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
            try (Admin admin = Admin.create(config)) {
                int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
                Plan plan = plan(spine, brokers);
                Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                List<NewTopic> missing = names().stream().filter(name -> !existing.contains(name))
                        .map(name -> new NewTopic(name, plan.partitions(), plan.replicationFactor())
                                .configs(plan.configs()))
                        .toList();
                for (var created : admin.createTopics(missing).values().entrySet()) {
                    try {
                        created.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                        log.info("Created topic {} ({} partitions, replication {}, min.insync.replicas {})",
                                created.getKey(), plan.partitions(), plan.replicationFactor(),
                                plan.minInSyncReplicas());
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
                reportDifferences(admin, existing, plan);
                ready = true;
                return true;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.warn("Topics not ensured yet (Kafka at {} not reachable?): {}", connection.bootstrapServers(),
                        e.toString());
                return false;
            }
        }
    }

    private void reportDifferences(Admin admin, Set<String> existing, Plan plan) throws Exception {
        List<String> ours = names().stream().filter(existing::contains).toList();
        if (ours.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> described = admin.describeTopics(ours).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        described.forEach((name, description) -> {
            int partitions = description.partitions().size();
            if (partitions != plan.partitions()) {
                log.warn("Topic {} has {} partitions, the configuration says {}: left as it is (changing it would"
                        + " move keys); align accessledger.spine.partitions or the topic", name, partitions,
                        plan.partitions());
                meters.counter("accessledger.topics.partition_mismatch", "topic", name).increment();
            }
            int replicas = description.partitions().stream().mapToInt(partition -> partition.replicas().size()).min()
                    .orElse(plan.replicationFactor());
            if (replicas < plan.replicationFactor()) {
                // e.g. created while a broker was down: the replication followed the brokers the cluster named then
                log.warn("Topic {} has {} replicas of a partition, {} are planned for this cluster: left as it is;"
                        + " add replicas (kafka-reassign-partitions) or set accessledger.spine.replication-factor",
                        name, replicas, plan.replicationFactor());
                meters.counter("accessledger.topics.replication_shortfall", "topic", name).increment();
            }
        });
        List<ConfigResource> resources = ours.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .toList();
        admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((resource, config) -> retentionViolations(config).forEach(violation -> {
                    log.error("Topic {} has {}: the log is the audit trail and must keep every event forever"
                            + " (cleanup.policy=delete, retention.ms=-1, retention.bytes=-1; never compact);"
                            + " fix the topic's configuration (see docs/RETENTION.md)", resource.name(), violation);
                    meters.counter("accessledger.topics.retention_violation", "topic", resource.name(),
                            "setting", violation.substring(0, violation.indexOf('='))).increment();
                }));
    }

    /** The settings of a topic that would let Kafka delete events: compaction, or a time or size limit. */
    static List<String> retentionViolations(Config config) {
        List<String> violations = new ArrayList<>();
        String cleanup = value(config, "cleanup.policy", "delete");
        if (cleanup.contains("compact")) {
            violations.add("cleanup.policy=" + cleanup);
        }
        for (String limit : List.of("retention.ms", "retention.bytes")) {
            String value = value(config, limit, "-1");
            if (!value.equals("-1")) {
                violations.add(limit + "=" + value);
            }
        }
        return violations;
    }

    private static String value(Config config, String name, String fallback) {
        ConfigEntry entry = config.get(name);
        return entry == null || entry.value() == null ? fallback : entry.value();
    }
}
