package io.accessledger.events;

/**
 * The topic registry. One topic per owning stream, one producing service per topic; kept forever, never compacted
 * (the log is the audit trail). Dead letters go to {@code <topic>-dlt}.
 *
 * <p>The one exception is {@link #AUDIT}: every service writes the signed checkpoints of the topics it
 * owns there (keyed by the source topic), so it has no single owner ({@link #owner()} is {@code null},
 * {@link #isOwnedBy} is false for every service: no outbox publishes to it). It is created, kept and never
 * compacted like the others; {@link #eventTopics()} are the six business topics.
 */
public enum Topic {
    REQUEST("accessledger.request.events.v1", "request-service"),
    IDENTITY("accessledger.identity.events.v1", "request-service"),
    POLICY("accessledger.policy.events.v1", "policy-service"),
    APPROVAL("accessledger.approval.events.v1", "approval-service"),
    PROVISIONING("accessledger.provisioning.events.v1", "provisioning-service"),
    REVIEW("accessledger.review.events.v1", "review-scheduler"),
    /** Signed Merkle checkpoints of every service's topics; written by each service for its own topics only. */
    AUDIT("accessledger.audit.checkpoints.v1", null);

    /** Topic-level settings every AccessLedger topic is created with: retention forever, delete (never compact). */
    public static final java.util.Map<String, String> TOPIC_CONFIG =
            java.util.Map.of("retention.ms", "-1", "cleanup.policy", "delete");

    private final String topicName;
    private final String owner;

    Topic(String topicName, String owner) {
        this.topicName = topicName;
        this.owner = owner;
    }

    public String topicName() {
        return topicName;
    }

    /** The one service that produces to this topic; {@code null} for {@link #AUDIT}. */
    public String owner() {
        return owner;
    }

    /** Whether {@code service} is this topic's one producer (never true of {@link #AUDIT}). */
    public boolean isOwnedBy(String service) {
        return owner != null && owner.equals(service);
    }

    /** The business event topics: every topic but {@link #AUDIT}. */
    public static java.util.List<Topic> eventTopics() {
        return java.util.Arrays.stream(values()).filter(topic -> topic.owner != null).toList();
    }

    public String deadLetterTopicName() {
        return topicName + "-dlt";
    }

    public static Topic byName(String name) {
        for (Topic topic : values()) {
            if (topic.topicName.equals(name)) {
                return topic;
            }
        }
        throw new IllegalArgumentException("no AccessLedger topic named " + name);
    }
}
