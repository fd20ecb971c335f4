package io.accessledger.spine.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The parked records of a service's consumers ({@code inbound_parked}): records whose handling failed for a reason
 * that may pass, waiting to be tried again. Only the head of each (consumer, key) is ever tried, so a key keeps its
 * order; the head is claimed with {@code for update skip locked}, so two instances never try the same one.
 */
public class ParkedRecordStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private static final String NOT_YET = NotYet.class.getSimpleName() + ":%";

    private final JdbcTemplate jdbc;

    public ParkedRecordStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A parked record, with how often it was tried and when it is next due; {@code wakes}: how often a wake-up tried it
     * as a {@link NotYet} and found it still not ready.
     */
    public record Parked(long id, String consumer, InboundRecord record, String reason, int attempts,
            Instant parkedAt, Instant nextAttemptAt, int wakes) {
    }

    /** Parks the record (a record parked already stays as it is). */
    public void park(String consumer, InboundRecord record, String reason, Instant at, Instant nextAttemptAt) {
        jdbc.update("""
                insert into inbound_parked (consumer, record_key, topic, kafka_partition, kafka_offset, headers, value,
                    reason, parked_at, next_attempt_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (consumer, topic, kafka_partition, kafka_offset) do nothing""",
                consumer, record.orderingKey(), record.topic(), record.partition(), record.offset(),
                headersJson(record.headers()), record.value(), reason, Timestamp.from(at),
                Timestamp.from(nextAttemptAt));
    }

    /**
     * Ids of due heads of their keys, by consumer, oldest first, at most {@code limitPerConsumer} of each (not claimed:
     * {@link #claimHead} does that): one query for all of the service's consumers.
     */
    public Map<String, List<Long>> dueHeads(Instant now, int limitPerConsumer) {
        Map<String, List<Long>> due = new java.util.LinkedHashMap<>();
        jdbc.query("""
                select consumer, id from (
                  select p.consumer, p.id, row_number() over (partition by p.consumer order by p.id) as n
                  from inbound_parked p
                  where p.next_attempt_at <= ?
                    and not exists (select 1 from inbound_parked q
                                    where q.consumer = p.consumer and q.record_key = p.record_key and q.id < p.id)
                ) heads where n <= ? order by consumer, id""", (java.sql.ResultSet row) -> {
                    due.computeIfAbsent(row.getString(1), consumer -> new java.util.ArrayList<>()).add(row.getLong(2));
                }, Timestamp.from(now), limitPerConsumer);
        return due;
    }

    /** The head of a parked key: its row and its consumer. */
    public record Head(long id, String consumer) {
    }

    /**
     * Heads of their keys parked because they came before their prerequisite (a {@link NotYet}, by their reason), due
     * or not, that a wake-up may try at {@code now}, oldest first (not claimed): those never woken, and those whose
     * last wake-up try is at least as long ago as they had waited before it, or {@code longest} ago.
     */
    public List<Head> waitingHeads(Instant now, Duration longest, int limit) {
        return jdbc.query("""
                select p.id, p.consumer from inbound_parked p
                where p.reason like ?
                  and (p.woken_at is null
                       or p.woken_at + least(p.woken_at - p.parked_at, ? * interval '1 millisecond') <= ?)
                  and not exists (select 1 from inbound_parked q
                                  where q.consumer = p.consumer and q.record_key = p.record_key and q.id < p.id)
                order by p.id limit ?""", (row, n) -> new Head(row.getLong("id"), row.getString("consumer")),
                NOT_YET, longest.toMillis(), Timestamp.from(now), limit);
    }

    /**
     * When the first waiting head (as {@link #waitingHeads}) last woken before {@code since} may be woken again, if
     * one is still held back by its wake-up back-off.
     */
    public Optional<Instant> nextWake(Instant since, Duration longest) {
        Timestamp next = jdbc.queryForObject("""
                select min(p.woken_at + least(p.woken_at - p.parked_at, ? * interval '1 millisecond'))
                from inbound_parked p
                where p.reason like ? and p.woken_at < ?
                  and not exists (select 1 from inbound_parked q
                                  where q.consumer = p.consumer and q.record_key = p.record_key and q.id < p.id)""",
                Timestamp.class, longest.toMillis(), NOT_YET, Timestamp.from(since));
        return Optional.ofNullable(next).map(Timestamp::toInstant);
    }

    /** A wake-up at {@code at} found the head still not ready: its wake-up back-off starts again from then. */
    public void wokenNotReady(long id, Instant at) {
        jdbc.update("update inbound_parked set woken_at = ?, wakes = wakes + 1 where id = ?", Timestamp.from(at), id);
    }

    /** The id of the oldest record parked under {@code key}, if any. */
    public Optional<Long> headOf(String consumer, String key) {
        return jdbc.queryForList("select id from inbound_parked where consumer = ? and record_key = ? order by id"
                + " limit 1", Long.class, consumer, key).stream().findFirst();
    }

    /** Claims one head for the current transaction, if it is still there, still the head and nobody holds it. */
    public Optional<Parked> claimHead(long id) {
        return jdbc.query("""
                select * from inbound_parked p where p.id = ?
                  and not exists (select 1 from inbound_parked q
                                  where q.consumer = p.consumer and q.record_key = p.record_key and q.id < p.id)
                for update skip locked""", ROW, id).stream().findFirst();
    }

    public void remove(long id) {
        jdbc.update("delete from inbound_parked where id = ?", id);
    }

    public void failedAgain(long id, String reason, Instant nextAttemptAt) {
        jdbc.update("update inbound_parked set attempts = attempts + 1, reason = ?, next_attempt_at = ? where id = ?",
                reason, Timestamp.from(nextAttemptAt), id);
    }

    public long count() {
        Long count = jdbc.queryForObject("select count(*) from inbound_parked", Long.class);
        return count == null ? 0 : count;
    }

    /** The parked records of one consumer, oldest first (for operators and tests). */
    public List<Parked> of(String consumer) {
        return jdbc.query("select * from inbound_parked where consumer = ? order by id", ROW, consumer);
    }

    private static final RowMapper<Parked> ROW = (row, n) -> new Parked(row.getLong("id"), row.getString("consumer"),
            new InboundRecord(row.getString("topic"), row.getInt("kafka_partition"), row.getLong("kafka_offset"),
                    keyOf(row.getString("record_key"), row.getString("topic"), row.getInt("kafka_partition"),
                            row.getLong("kafka_offset")),
                    headers(row.getString("headers")), row.getBytes("value")),
            row.getString("reason"), row.getInt("attempts"), row.getTimestamp("parked_at").toInstant(),
            row.getTimestamp("next_attempt_at").toInstant(), row.getInt("wakes"));

    /** A record without a key was parked under its position; give it back without one. */
    private static String keyOf(String stored, String topic, int partition, long offset) {
        return stored.equals(topic + "-" + partition + "@" + offset) ? null : stored;
    }

    private static String headersJson(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> headers(String json) {
        try {
            return JSON.readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
