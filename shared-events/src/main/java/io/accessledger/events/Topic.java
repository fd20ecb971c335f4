package io.accessledger.events;

/**
 * The topic registry. One topic per owning stream, one producing service per topic; kept forever, never compacted
 * (the log is the audit trail). Dead letters go to {@code <topic>-dlt}.
 */
public enum Topic {
    REQUEST("accessledger.request.events.v1", "request-service"),
    IDENTITY("accessledger.identity.events.v1", "request-service"),
    POLICY("accessledger.policy.events.v1", "policy-service"),
    APPROVAL("accessledger.approval.events.v1", "approval-service"),
    PROVISIONING("accessledger.provisioning.events.v1", "provisioning-service"),
    REVIEW("accessledger.review.events.v1", "review-scheduler");

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

    /** The one service that produces to this topic. */
    public String owner() {
        return owner;
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
