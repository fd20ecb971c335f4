package io.accessledger.spine;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the messaging spine, under {@code accessledger.spine}.
 *
 * @param partitions partitions of each topic the service creates (if missing; never raised on an existing topic)
 * @param replicationFactor replication factor of created topics; unset: 3, or the broker count if the cluster is
 *     smaller
 * @param minInSyncReplicas {@code min.insync.replicas} of created topics; unset: 2 when replicated 3 or more times,
 *     else 1
 * @param retryAttempts how many times an inbound record is tried in line before it is parked
 * @param retryBackoff the first pause between those tries (doubling)
 * @param consumerConcurrency listener threads per consumer (per instance)
 * @param parkBackoff the first pause before a parked record is tried again (doubling per attempt)
 * @param parkBackoffMax the longest pause between tries of a parked record, by its timer or by a wake-up (a record
 *     parked as {@code NotYet} is woken by a record handled only once it has waited, since its last wake-up, as long
 *     as it had waited before it, and at most this long)
 * @param parkMaxAge how long a record may stay parked before it goes to the dead-letter topic
 * @param parkPollInterval how often parked records that are due are looked for, and the least time between two
 *     passes that wake the records parked as {@code NotYet} after a record was handled
 * @param consumerSessionTimeout how long the broker waits for a consumer's heartbeat before it hands the consumer's
 *     partitions to the group's other members: after a crash ({@code kill -9}, a lost node) nothing of those
 *     partitions is consumed for this long, however fast the instance is back (Kafka's default is 45s); heartbeats
 *     go every third of it at most
 * @param consumerCommitInterval how often a consumer commits the offsets of the records it has handled or parked; zero:
 *     after every poll. A crash delivers again what was handled since the last commit, which the dedupe row turns into
 *     no-ops, so a longer interval costs only that, and saves a synchronous commit (a round trip and a write to
 *     {@code __consumer_offsets}) per poll of every consumer
 * @param consumerFetchMaxWait how long the broker holds a consumer's fetch when there is nothing to return (Kafka's
 *     {@code fetch.max.wait.ms}; Kafka's default is 500 ms). A record that arrives meanwhile answers the fetch at once,
 *     so this is not a latency: it is how often an idle consumer asks again (each of the suite's ~45 consumers twice a
 *     second at Kafka's default, docs/BENCHMARKS.md "Idle cost"), and how long after a rebalance a consumer may wait
 *     before it fetches the partitions it was given
 * @param deadLetterClaimRetention how long the claim of a dead letter of a consumer of every instance ({@code
 *     inbound_dead_lettered}) is kept once sent: as long as an instance may still read its record, else that instance
 *     sends a second letter. An instance reads a record only while it lags behind it, and resumes after a cut from the
 *     broker from its group's offsets, which the broker keeps {@code offsets.retention.minutes} (7 days by default):
 *     30 days by default
 * @param deadLetterClaimLease how long an instance's claim of such a dead letter is its own: a claim still unsent
 *     after it (its instance died or stalled) is sent by another instance's pass, which runs at this interval on every
 *     instance with a consumer of every instance. 60 s by default, twice the 30 s the broker is given to take a letter;
 *     shorter leases find a dead instance's letters sooner, but a send slower than the lease may then go out twice
 * @param addMissingReplicas whether a start adds replicas to an existing suite topic that has fewer than planned (one
 *     created while a broker was down: the replication follows the brokers the cluster names at creation) and then
 *     raises its {@code min.insync.replicas} to the plan's once its replicas are in sync (never lowered, partitions
 *     never touched); {@code true} by default, {@code false} only reports it, for clusters whose topics are managed
 *     elsewhere (e.g. Strimzi's topic operator)
 * @param outboxFetchDelay how long the outbox's reader of the event store waits before it looks again when it found
 *     nothing new (Axon's embedded store's fetch delay; 1 s by default). This instance's commits wake it at once
 *     (after the transaction that appended the events has committed), so this bounds only how late it sees events
 *     that another instance appended, and a wake-up lost
 */
@ConfigurationProperties("accessledger.spine")
public record SpineProperties(
        Integer partitions,
        Short replicationFactor,
        Integer minInSyncReplicas,
        Integer retryAttempts,
        Duration retryBackoff,
        Integer consumerConcurrency,
        Duration parkBackoff,
        Duration parkBackoffMax,
        Duration parkMaxAge,
        Duration parkPollInterval,
        Duration consumerSessionTimeout,
        Duration consumerCommitInterval,
        Duration consumerFetchMaxWait,
        Duration deadLetterClaimRetention,
        Duration deadLetterClaimLease,
        Boolean addMissingReplicas,
        Duration outboxFetchDelay) {

    public SpineProperties {
        partitions = partitions == null ? 3 : partitions;
        retryAttempts = retryAttempts == null ? 3 : retryAttempts;
        retryBackoff = retryBackoff == null ? Duration.ofMillis(200) : retryBackoff;
        consumerConcurrency = consumerConcurrency == null ? 1 : consumerConcurrency;
        parkBackoff = parkBackoff == null ? Duration.ofSeconds(1) : parkBackoff;
        parkBackoffMax = parkBackoffMax == null ? Duration.ofMinutes(5) : parkBackoffMax;
        parkMaxAge = parkMaxAge == null ? Duration.ofDays(7) : parkMaxAge;
        parkPollInterval = parkPollInterval == null ? Duration.ofSeconds(1) : parkPollInterval;
        consumerSessionTimeout = consumerSessionTimeout == null ? Duration.ofSeconds(10) : consumerSessionTimeout;
        consumerCommitInterval = consumerCommitInterval == null ? Duration.ofSeconds(1) : consumerCommitInterval;
        consumerFetchMaxWait = consumerFetchMaxWait == null ? Duration.ofSeconds(2) : consumerFetchMaxWait;
        if (consumerFetchMaxWait.isNegative() || consumerFetchMaxWait.compareTo(Duration.ofSeconds(20)) > 0) {
            throw new IllegalArgumentException("accessledger.spine.consumer-fetch-max-wait must be between 0 and 20s"
                    + " (under the consumer's 30 s request time-out)");
        }
        deadLetterClaimRetention = deadLetterClaimRetention == null ? Duration.ofDays(30) : deadLetterClaimRetention;
        if (deadLetterClaimRetention.isNegative() || deadLetterClaimRetention.isZero()) {
            throw new IllegalArgumentException("accessledger.spine.dead-letter-claim-retention must be positive");
        }
        deadLetterClaimLease = deadLetterClaimLease == null ? Duration.ofSeconds(60) : deadLetterClaimLease;
        if (deadLetterClaimLease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("accessledger.spine.dead-letter-claim-lease must be at least 1s");
        }
        addMissingReplicas = addMissingReplicas == null || addMissingReplicas;
        outboxFetchDelay = outboxFetchDelay == null ? Duration.ofSeconds(1) : outboxFetchDelay;
        if (outboxFetchDelay.isNegative() || outboxFetchDelay.isZero()) {
            throw new IllegalArgumentException("accessledger.spine.outbox-fetch-delay must be positive");
        }
        if (consumerCommitInterval.isNegative()) {
            throw new IllegalArgumentException("accessledger.spine.consumer-commit-interval must not be negative");
        }
    }

    /** The pause before attempt {@code attempts + 1} of a parked record: doubling from the first, capped. */
    public Duration parkedRetryAfter(int attempts) {
        long millis = parkBackoff.toMillis() << Math.min(attempts, 30);
        return Duration.ofMillis(Math.min(millis <= 0 ? Long.MAX_VALUE : millis, parkBackoffMax.toMillis()));
    }
}
