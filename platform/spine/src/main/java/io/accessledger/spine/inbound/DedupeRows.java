package io.accessledger.spine.inbound;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The dedupe rows of many records in one statement ({@code inbound_dedupe}, {@code on conflict do nothing}): what a
 * rebuild ({@code TopicReplay}) writes, and a read model's live poll ({@link ConsumerProcessing#processPoll}) with
 * its parked-key check in the same statement.
 */
public final class DedupeRows {
    private static final String INSERT = """
            insert into inbound_dedupe (consumer, event_id, topic, kafka_partition, kafka_offset)
            select consumer, event_id, topic, kafka_partition, kafka_offset
            from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::int[], ?::bigint[])
                with ordinality as r(consumer, event_id, topic, kafka_partition, kafka_offset, n)
            order by n on conflict do nothing returning consumer, event_id""";
    /**
     * {@link #INSERT} for one consumer's live poll, writing no row for a record whose key has a parked record, and
     * answering those keys too ({@code true}, key) beside the ids written ({@code false}, event id).
     */
    private static final String INSERT_UNLESS_PARKED = """
            with parked as (select distinct record_key from inbound_parked where consumer = ? and record_key = any (?)),
                 added as (insert into inbound_dedupe (consumer, event_id, topic, kafka_partition, kafka_offset)
                           select consumer, event_id, topic, kafka_partition, kafka_offset
                           from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::int[], ?::bigint[], ?::varchar[])
                               with ordinality as r(consumer, event_id, topic, kafka_partition, kafka_offset,
                                   record_key, n)
                           where not exists (select 1 from parked where parked.record_key = r.record_key)
                           order by n on conflict do nothing returning event_id)
            select true, record_key from parked
            union all
            select false, event_id from added""";

    private DedupeRows() {
    }

    /** One record's dedupe row: the consumer, the event's id and the record's position. */
    public record Row(String consumer, String eventId, String topic, int partition, long offset) {
    }

    /**
     * Inserts the rows on {@code connection}; returns {@code consumer|event_id} of those it inserted (an event twice
     * among them is inserted once, with its first position).
     */
    public static Set<String> insert(Connection connection, List<Row> rows) throws SQLException {
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            bindRows(connection, statement, 1, rows);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    inserted.add(result.getString(1) + "|" + result.getString(2));
                }
            }
        }
        return inserted;
    }

    /**
     * What {@link #insertUnlessParked} came to: the keys that have a parked record of the consumer (no row of theirs
     * written), and the event ids of the rows it wrote.
     */
    public record Written(Set<String> parkedKeys, Set<String> eventIds) {
    }

    /**
     * The dedupe rows of one consumer's records, each written only if no record of its key ({@code keys}, one per
     * row) is parked for that consumer, and which keys were, in ONE statement: the parked-key query and the insert
     * share it as two parts of one {@code with} (one snapshot, as the two statements it replaces each had one at read
     * committed). An event twice among the rows is written once, with its first position.
     */
    static Written insertUnlessParked(Connection connection, String consumer, List<Row> rows, List<String> keys)
            throws SQLException {
        Set<String> parkedKeys = new HashSet<>();
        Set<String> eventIds = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(INSERT_UNLESS_PARKED)) {
            statement.setString(1, consumer);
            statement.setArray(2, connection.createArrayOf("varchar", keys.stream().distinct().toArray()));
            int next = bindRows(connection, statement, 3, rows);
            statement.setArray(next, connection.createArrayOf("varchar", keys.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    (result.getBoolean(1) ? parkedKeys : eventIds).add(result.getString(2));
                }
            }
        }
        return new Written(parkedKeys, eventIds);
    }

    /** Binds the rows' five columns as arrays from parameter {@code first}; returns the next parameter's index. */
    private static int bindRows(Connection connection, PreparedStatement statement, int first, List<Row> rows)
            throws SQLException {
        int n = rows.size();
        Object[] consumers = new Object[n];
        Object[] ids = new Object[n];
        Object[] topics = new Object[n];
        Object[] partitions = new Object[n];
        Object[] offsets = new Object[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            consumers[i] = row.consumer();
            ids[i] = row.eventId();
            topics[i] = row.topic();
            partitions[i] = row.partition();
            offsets[i] = row.offset();
        }
        statement.setArray(first, connection.createArrayOf("varchar", consumers));
        statement.setArray(first + 1, connection.createArrayOf("varchar", ids));
        statement.setArray(first + 2, connection.createArrayOf("varchar", topics));
        statement.setArray(first + 3, connection.createArrayOf("int4", partitions));
        statement.setArray(first + 4, connection.createArrayOf("int8", offsets));
        return first + 5;
    }
}
