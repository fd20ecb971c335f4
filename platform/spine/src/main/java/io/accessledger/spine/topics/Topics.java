package io.accessledger.spine.topics;

import io.accessledger.events.Topic;
import io.accessledger.spine.KafkaConnection;
import io.accessledger.spine.SpineProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite's topics, defined in this one place: every AccessLedger topic and its dead-letter topic, kept forever,
 * never compacted, with the partitions, replication factor and {@code min.insync.replicas} of the configuration.
 * A service creates what is missing before its consumers subscribe (so start order does not matter) and never
 * changes a topic that exists: a partition count other than the configured one is reported, never "fixed" — adding
 * partitions would move keys and break their order. Replicas are the exception: a topic with fewer than planned (made
 * while a broker was down) gets the missing ones, and then the plan's {@code min.insync.replicas}, unless {@code
 * accessledger.spine.add-missing-replicas} is off. In production, create them beforehand (e.g. Strimzi
 * {@code KafkaTopic}s, with that setting off) and the services find them.
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
                Collection<Node> brokers = admin.describeCluster().nodes().get(timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
                Plan plan = plan(spine, brokers.size());
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
                checkExisting(admin, existing, plan, brokers);
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

    private void checkExisting(Admin admin, Set<String> existing, Plan plan, Collection<Node> brokers)
            throws Exception {
        List<String> ours = names().stream().filter(existing::contains).toList();
        if (ours.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> described = describe(admin, ours);
        described.forEach((name, description) -> {
            int partitions = description.partitions().size();
            if (partitions != plan.partitions()) {
                log.warn("Topic {} has {} partitions, the configuration says {}: left as it is (changing it would"
                        + " move keys); align accessledger.spine.partitions or the topic", name, partitions,
                        plan.partitions());
                meters.counter("accessledger.topics.partition_mismatch", "topic", name).increment();
            }
        });
        boolean repair = spine.addMissingReplicas() && brokers.size() >= plan.replicationFactor();
        Map<TopicPartition, List<Integer>> adding = missingReplicas(described, plan, brokers, repair);
        if (!adding.isEmpty()) {
            addReplicas(admin, adding);
            described = describe(admin, ours);
        }
        Map<ConfigResource, Config> configs = admin.describeConfigs(ours.stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList())
                .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        configs.forEach((resource, config) -> retentionViolations(config).forEach(violation -> {
            log.error("Topic {} has {}: the log is the audit trail and must keep every event forever"
                    + " (cleanup.policy=delete, retention.ms=-1, retention.bytes=-1; never compact);"
                    + " fix the topic's configuration (see docs/RETENTION.md)", resource.name(), violation);
            meters.counter("accessledger.topics.retention_violation", "topic", resource.name(),
                    "setting", violation.substring(0, violation.indexOf('='))).increment();
        }));
        if (spine.addMissingReplicas()) {
            raiseMinInSync(admin, described, configs, plan);
        }
    }

    private Map<String, TopicDescription> describe(Admin admin, List<String> names) throws Exception {
        return admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The partitions with fewer replicas than planned (e.g. made while a broker was down: the replication followed
     * the brokers the cluster named then), each reported, and, when they are to be repaired, each with its replicas to
     * be: its own first (so its leader stays), then the brokers holding fewest of the suite's replicas (by id on a
     * tie, so that instances starting together choose alike).
     */
    private Map<TopicPartition, List<Integer>> missingReplicas(Map<String, TopicDescription> described, Plan plan,
            Collection<Node> brokers, boolean repair) {
        Map<Integer, Integer> held = new TreeMap<>();
        brokers.forEach(broker -> held.put(broker.id(), 0));
        described.values().forEach(topic -> topic.partitions().forEach(partition -> partition.replicas()
                .forEach(replica -> held.merge(replica.id(), 1, Integer::sum))));
        Map<TopicPartition, List<Integer>> adding = new LinkedHashMap<>();
        new TreeMap<>(described).forEach((name, topic) -> {
            int replicas = topic.partitions().stream().mapToInt(partition -> partition.replicas().size()).min()
                    .orElse(plan.replicationFactor());
            if (replicas >= plan.replicationFactor()) {
                return;
            }
            meters.counter("accessledger.topics.replication_shortfall", "topic", name).increment();
            if (!repair) {
                log.warn("Topic {} has {} replicas of a partition, {} are planned for this cluster: left as it is"
                        + " ({}); add replicas (kafka-reassign-partitions) or set"
                        + " accessledger.spine.replication-factor", name, replicas, plan.replicationFactor(),
                        spine.addMissingReplicas() ? "the cluster names " + brokers.size() + " brokers"
                                : "accessledger.spine.add-missing-replicas is off");
                return;
            }
            log.warn("Topic {} has {} replicas of a partition, {} are planned for this cluster: adding the missing"
                    + " ones", name, replicas, plan.replicationFactor());
            topic.partitions().stream().filter(partition -> partition.replicas().size() < plan.replicationFactor())
                    .forEach(partition -> {
                        List<Integer> target = new ArrayList<>(partition.replicas().stream().map(Node::id).toList());
                        held.keySet().stream().filter(id -> !target.contains(id))
                                .sorted(Comparator.comparing((Integer id) -> held.get(id)).thenComparing(id -> id))
                                .limit(plan.replicationFactor() - target.size()).toList()
                                .forEach(id -> {
                                    target.add(id);
                                    held.merge(id, 1, Integer::sum);
                                });
                        adding.put(new TopicPartition(name, partition.partition()), target);
                    });
        });
        return adding;
    }

    /**
     * Asks for the replicas (leaving alone a partition whose reassignment is already under way: another instance's
     * or an operator's) and waits for them to be in sync, at most the admin time-out: a longer copy goes on in the
     * cluster, and the next start raises {@code min.insync.replicas}.
     */
    private void addReplicas(Admin admin, Map<TopicPartition, List<Integer>> adding) throws Exception {
        Set<TopicPartition> underWay = admin.listPartitionReassignments(adding.keySet()).reassignments()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).keySet();
        Map<TopicPartition, Optional<NewPartitionReassignment>> reassignments = new LinkedHashMap<>();
        adding.forEach((partition, target) -> {
            if (!underWay.contains(partition)) {
                reassignments.put(partition, Optional.of(new NewPartitionReassignment(target)));
            }
        });
        admin.alterPartitionReassignments(reassignments).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        reassignments.forEach((partition, target) -> {
            log.info("Replicas of {} going to brokers {}", partition, target.orElseThrow().targetReplicas());
            meters.counter("accessledger.topics.replicas_added", "topic", partition.topic()).increment();
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!admin.listPartitionReassignments(adding.keySet()).reassignments()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
            if (System.nanoTime() > deadline) {
                log.warn("Replicas of {} are still being copied: min.insync.replicas is raised at a later start",
                        adding.keySet());
                return;
            }
            Thread.sleep(100);
        }
    }

    /**
     * The plan's {@code min.insync.replicas} is a floor: a topic below it (one made on a smaller cluster, then given
     * its replicas) is raised to it once each of its partitions has at least that many replicas in sync, so that no
     * {@code acks=all} write is refused meanwhile; never lowered.
     */
    private void raiseMinInSync(Admin admin, Map<String, TopicDescription> described,
            Map<ConfigResource, Config> configs, Plan plan) throws Exception {
        String floor = Integer.toString(plan.minInSyncReplicas());
        Map<ConfigResource, Collection<AlterConfigOp>> raises = new LinkedHashMap<>();
        configs.forEach((resource, config) -> {
            int current = Integer.parseInt(value(config, "min.insync.replicas", "1"));
            TopicDescription topic = described.get(resource.name());
            if (current >= plan.minInSyncReplicas() || topic == null) {
                return;
            }
            if (topic.partitions().stream().allMatch(partition -> partition.isr().size() >= plan.minInSyncReplicas())) {
                raises.put(resource, List.of(new AlterConfigOp(new ConfigEntry("min.insync.replicas", floor),
                        AlterConfigOp.OpType.SET)));
            } else {
                log.warn("Topic {} has min.insync.replicas {}, the plan {}: raised once its replicas are in sync",
                        resource.name(), current, floor);
            }
        });
        if (raises.isEmpty()) {
            return;
        }
        admin.incrementalAlterConfigs(raises).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        raises.keySet().forEach(resource -> {
            log.info("Topic {}: min.insync.replicas raised to {}", resource.name(), floor);
            meters.counter("accessledger.topics.min_insync_raised", "topic", resource.name()).increment();
        });
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
