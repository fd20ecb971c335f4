package io.accessledger.spine.inbound;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Dead letters of the consumers that run on every instance, sent once for all instances ({@code
 * inbound_dead_lettered}), without a database connection held while the broker takes the letter (up to 30 s).
 *
 * <p>Each instance has a consumer group of its own and reads every record, so each would send the letter. The record's
 * coordinates (consumer, topic, partition, offset: the same record on every instance) are claimed in a statement of
 * their own, committed at once, with the record and a lease ({@code lease}, longer than the broker is given); the
 * instance that claimed it sends the letter, holding no connection, then marks the claim sent. Another instance that
 * reads the record finds the claim and sends nothing, without waiting: the claim holds the record, so if its instance
 * dies before sending, any instance's {@link #pass} takes the claim over once its lease is over and sends the letter.
 * If the broker does not take the letter the claim's lease is ended at once and the failure redelivers the record,
 * whose next try claims it again. So a record is dead-lettered:
 * <ul>
 * <li>at least once while any instance of the service runs (even if the only instance died after claiming: a
 *     restarted one reads from the end of the topic, but its pass finds the claim);</li>
 * <li>twice when the sending instance dies between the broker's ack and marking the claim sent, or stalls longer than
 *     the lease between claiming and the ack (a pass takes the claim over meanwhile), or when the broker takes a letter
 *     after the 30 s its sender waited (the record's next try sends it again, as before);</li>
 * <li>never by every instance: a claim is taken over only unsent and past its lease.</li>
 * </ul>
 * Sent claims are pruned once no instance can still read their record ({@code retention}, see {@link #pass}).
 * (Before, the letter was sent in the transaction of the claim, committed once the broker had it: a connection held
 * up to 30 s, and the other instances' claims waiting on its row lock, each holding one too. Choosing one instance by
 * the record's partition would need to know the others, which a group per instance does not.)
 */
public class DeadLetterClaims {
    /** Claims sent, and claims pruned, per pass at most. */
    private static final int BATCH = 100;
    private static final int PRUNE_BATCH = 1_000;
    private static final Logger log = LoggerFactory.getLogger(DeadLetterClaims.class);
    private static final String WHERE_RECORD = " where consumer = ? and topic = ? and kafka_partition = ?"
            + " and kafka_offset = ?";

    private final JdbcTemplate jdbc;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final String instance;
    private final Duration lease;
    private final Duration retention;

    public DeadLetterClaims(JdbcTemplate jdbc, DeadLetters deadLetters, Clock clock, String instance, Duration lease,
            Duration retention) {
        this.jdbc = jdbc;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.instance = instance;
        this.lease = lease;
        this.retention = retention;
    }

    /**
     * Sends the record's dead letter unless another instance claimed it; whether this instance sent it. Throws if the
     * broker did not take it (the claim's lease ended, so that the record's redelivery claims it again).
     */
    public boolean deadLetterOnce(String consumer, InboundRecord record, DeadLetters.Kind kind, String reason) {
        Instant now = clock.instant();
        int claimed = jdbc.update("""
                insert into inbound_dead_lettered (consumer, topic, kafka_partition, kafka_offset, dead_lettered_at,
                    sent_at, claimed_by, lease_until, record_key, headers, value, kind, reason)
                values (?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", consumer, record.topic(),
                record.partition(), record.offset(), Timestamp.from(now), instance, Timestamp.from(now.plus(lease)),
                record.key(), ParkedRecordStore.headersJson(record.headers()), record.value(), kind.name(), reason);
        if (claimed == 0 && !takeOver(consumer, record.topic(), record.partition(), record.offset(), now)) {
            log.info("{}-{}@{} for consumer {} (every instance) was claimed by another instance, which sends its dead"
                    + " letter", record.topic(), record.partition(), record.offset(), consumer);
            return false;
        }
        send(consumer, record, kind, reason);
        return true;
    }

    /** What one {@link #pass} did. */
    public record Pass(int sent, int pruned) {
    }

    /**
     * Sends the dead letters whose claims are still unsent once their lease is over (their instance died before
     * sending), up to 100, stopping at the first the broker does not take; and deletes up to 1,000 claims sent and
     * first claimed longer than {@code retention} ago. Run on every instance, periodically.
     *
     * <p>A claim is kept for as long as an instance may still read its record, else that instance would claim it anew
     * and send a second letter. An instance of an every-instance consumer reads from the end of the topic when it
     * starts (a group of its own), so it reads a record only if it was running when the record was written, and at
     * most as long after as it lags; one cut off from the broker resumes from its group's committed offset, which the
     * broker keeps for {@code offsets.retention.minutes} (7 days by default) once the group is empty, then from the
     * end. The record is older than its claim, so a claim older than that bound has no reader left:
     * {@code dead-letter-claim-retention} defaults to 30 days.
     */
    public Pass pass() {
        Instant now = clock.instant();
        int sent = 0;
        List<Map<String, Object>> unsent = jdbc.queryForList("""
                select consumer, topic, kafka_partition, kafka_offset from inbound_dead_lettered
                where sent_at is null and lease_until <= ? order by lease_until limit ?""", Timestamp.from(now),
                BATCH);
        for (Map<String, Object> row : unsent) {
            String consumer = (String) row.get("consumer");
            String topic = (String) row.get("topic");
            int partition = ((Number) row.get("kafka_partition")).intValue();
            long offset = ((Number) row.get("kafka_offset")).longValue();
            if (!takeOver(consumer, topic, partition, offset, now)) {
                continue;
            }
            Map<String, Object> claim = jdbc.queryForMap("select record_key, headers, value, kind, reason"
                    + " from inbound_dead_lettered" + WHERE_RECORD, consumer, topic, partition, offset);
            InboundRecord record = new InboundRecord(topic, partition, offset, (String) claim.get("record_key"),
                    ParkedRecordStore.headers((String) claim.get("headers")), (byte[]) claim.get("value"));
            log.warn("Sending the dead letter of {}-{}@{} for consumer {}: the instance that claimed it did not send it"
                    + " within its lease", topic, partition, offset, consumer);
            try {
                send(consumer, record, DeadLetters.Kind.valueOf((String) claim.get("kind")),
                        (String) claim.get("reason"));
            } catch (RuntimeException e) {
                log.warn("Unsent dead letters wait for the next pass: {}", e.getMessage());
                break;
            }
            sent++;
        }
        int pruned = jdbc.update("""
                delete from inbound_dead_lettered where (consumer, topic, kafka_partition, kafka_offset) in (
                  select consumer, topic, kafka_partition, kafka_offset from inbound_dead_lettered
                  where sent_at is not null and dead_lettered_at < ? limit ?)""",
                Timestamp.from(now.minus(retention)), PRUNE_BATCH);
        return new Pass(sent, pruned);
    }

    /** Takes over a claim still unsent whose lease is over (at most one instance gets it). */
    private boolean takeOver(String consumer, String topic, int partition, long offset, Instant now) {
        return jdbc.update("update inbound_dead_lettered set claimed_by = ?, lease_until = ?" + WHERE_RECORD
                + " and sent_at is null and lease_until <= ?", instance, Timestamp.from(now.plus(lease)), consumer,
                topic, partition, offset, Timestamp.from(now)) == 1;
    }

    /** Sends the letter of a claim this instance holds (no connection held meanwhile), then marks the claim sent. */
    private void send(String consumer, InboundRecord record, DeadLetters.Kind kind, String reason) {
        try {
            deadLetters.send(record, consumer, kind, reason);
        } catch (RuntimeException e) {
            jdbc.update("update inbound_dead_lettered set lease_until = ?" + WHERE_RECORD
                    + " and claimed_by = ? and sent_at is null", Timestamp.from(clock.instant()), consumer,
                    record.topic(), record.partition(), record.offset(), instance);
            throw e;
        }
        jdbc.update("update inbound_dead_lettered set sent_at = ?, headers = null, value = null" + WHERE_RECORD,
                Timestamp.from(clock.instant()), consumer, record.topic(), record.partition(), record.offset());
    }
}
