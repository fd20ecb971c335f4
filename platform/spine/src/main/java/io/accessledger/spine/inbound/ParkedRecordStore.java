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
    /**
     * The wake-up rule, as an SQL expression of a row {@code p}: when a head parked as {@link NotYet} may next be
     * woken by a record handled elsewhere — since it was parked if it never was woken, else once it has waited, since
     * its last wake-up try ({@code woken_at}), as long as it had waited before that try, at most
     * {@code park-backoff-max}. The one definition {@link #waitingHeads}, {@link #nextWake} and the listing
     * ({@link #of}) use.
     */
    private final String wakeDue;

    /** {@code wakeBackoffMax}: {@code park-backoff-max}, the longest a wake-up back-off grows. */
    public ParkedRecordStore(JdbcTemplate jdbc, Duration wakeBackoffMax) {
        this.jdbc = jdbc;
        this.wakeDue = "coalesce(p.woken_at + least(p.woken_at - p.parked_at, interval '" + wakeBackoffMax.toMillis()
                + " milliseconds'), p.parked_at)";
    }

    /**
     * A parked record, with how often it was tried and when it is next due by its timer; and its wake-up state:
     * {@code wokenAt}, the last wake-up try that found it still not ready (null if none), {@code wakes}, how many
     * there were, and {@code nextWakeAt}, from when a record handled elsewhere wakes it again (null unless it is the
     * head of its key parked as a {@link NotYet}: only those are woken).
     */
    public record Parked(long id, String consumer, InboundRecord record, String reason, int attempts,
            Instant parkedAt, Instant nextAttemptAt, Instant wokenAt, int wakes, Instant nextWakeAt) {
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
     * or not, that a wake-up may try at {@code now} by the wake-up rule ({@link #wakeDue}), oldest first (not claimed):
     * those never woken, and those whose last wake-up try is at least as long ago as they had waited before it, or
     * {@code park-backoff-max} ago.
     */
    public List<Head> waitingHeads(Instant now, int limit) {
        return jdbc.query("""
                select p.id, p.consumer from inbound_parked p
                where p.reason like ? and %s <= ?
                  and not exists (select 1 from inbound_parked q
                                  where q.consumer = p.consumer and q.record_key = p.record_key and q.id < p.id)
                order by p.id limit ?""".formatted(wakeDue),
                (row, n) -> new Head(row.getLong("id"), row.getString("consumer")), NOT_YET, Timestamp.from(now),
                limit);
    }

    /**
     * When the first waiting head (as {@link #waitingHeads}) last woken before {@code since} may be woken again, if
     * one is still held back by its wake-up back-off.
     */
    public Optional<Instant> nextWake(Instant since) {
        Timestamp next = jdbc.queryForObject("""
                select min(%s) from inbound_parked p
                where p.reason like ? and p.woken_at < ?
                  and not exists (select 1 from inbound_parked q
                                  where q.consumer = p.consumer and q.record_key = p.record_key and q.id < p.id)"""
                .formatted(wakeDue), Timestamp.class, NOT_YET, Timestamp.from(since));
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

    /**
     * The parked records of one consumer, oldest first, with when each is next woken (for operators and tests): by
     * the wake-up rule, for the heads parked as {@link NotYet}.
     */
    public List<Parked> of(String consumer) {
        return jdbc.query("""
                select p.*, case when p.reason like ?
                                  and not exists (select 1 from inbound_parked q where q.consumer = p.consumer
                                                  and q.record_key = p.record_key and q.id < p.id)
                                 then %s end as next_wake_at
                from inbound_parked p where p.consumer = ? order by p.id""".formatted(wakeDue), ROW, NOT_YET,
                consumer);
    }

    private static final RowMapper<Parked> ROW = (row, n) -> new Parked(row.getLong("id"), row.getString("consumer"),
            new InboundRecord(row.getString("topic"), row.getInt("kafka_partition"), row.getLong("kafka_offset"),
                    keyOf(row.getString("record_key"), row.getString("topic"), row.getInt("kafka_partition"),
                            row.getLong("kafka_offset")),
                    headers(row.getString("headers")), row.getBytes("value")),
            row.getString("reason"), row.getInt("attempts"), row.getTimestamp("parked_at").toInstant(),
            row.getTimestamp("next_attempt_at").toInstant(), instant(row.getTimestamp("woken_at")),
            row.getInt("wakes"), hasColumn(row, "next_wake_at") ? instant(row.getTimestamp("next_wake_at")) : null);

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }

    private static boolean hasColumn(java.sql.ResultSet row, String column) throws java.sql.SQLException {
        java.sql.ResultSetMetaData meta = row.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (column.equalsIgnoreCase(meta.getColumnLabel(i))) {
                return true;
            }
        }
        return false;
    }

    /** A record without a key was parked under its position; give it back without one. */
    private static String keyOf(String stored, String topic, int partition, long offset) {
        return stored.equals(topic + "-" + partition + "@" + offset) ? null : stored;
    }

    static String headersJson(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> headers(String json) {
        try {
            return JSON.readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
