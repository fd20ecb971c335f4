package io.accessledger.spine.topics;

import io.accessledger.events.Topic;
import io.accessledger.spine.SpineProperties;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Every service declares every AccessLedger topic and its dead-letter topic, so whichever starts first creates
 * them, explicitly (never by auto-creation), before any consumer subscribes. Kept forever, never compacted.
 */
@Configuration(proxyBeanMethods = false)
public class Topics {

    @Bean
    public KafkaAdmin.NewTopics accessLedgerTopics(SpineProperties spine) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            topics.add(newTopic(topic.topicName(), spine));
            topics.add(newTopic(topic.deadLetterTopicName(), spine));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    private static NewTopic newTopic(String name, SpineProperties spine) {
        return new NewTopic(name, spine.partitions(), spine.replicationFactor()).configs(Topic.TOPIC_CONFIG);
    }
}
