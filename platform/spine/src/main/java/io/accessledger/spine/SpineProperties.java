package io.accessledger.spine;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the messaging spine, under {@code accessledger.spine}.
 *
 * @param partitions partitions of each topic the service creates (if missing)
 * @param replicationFactor replication factor of created topics: 1 on one broker, 3 on a real cluster
 * @param retryAttempts how many times an inbound record is tried before it goes to the dead-letter topic
 * @param retryBackoff the pause between those tries
 * @param consumerConcurrency listener threads per consumer (per instance)
 */
@ConfigurationProperties("accessledger.spine")
public record SpineProperties(
        Integer partitions,
        Short replicationFactor,
        Integer retryAttempts,
        Duration retryBackoff,
        Integer consumerConcurrency) {

    public SpineProperties {
        partitions = partitions == null ? 3 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        retryAttempts = retryAttempts == null ? 3 : retryAttempts;
        retryBackoff = retryBackoff == null ? Duration.ofMillis(500) : retryBackoff;
        consumerConcurrency = consumerConcurrency == null ? 1 : consumerConcurrency;
    }
}
