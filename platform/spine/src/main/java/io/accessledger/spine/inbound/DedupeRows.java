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
 * rebuild ({@code TopicReplay}) and a read model's live poll ({@link ConsumerProcessing#processPoll}) write.
 */
public final class DedupeRows {
    private static final String INSERT = """
            insert into inbound_dedupe (consumer, event_id, topic, kafka_partition, kafka_offset)
            select consumer, event_id, topic, kafka_partition, kafka_offset
            from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::int[], ?::bigint[])
                with ordinality as r(consumer, event_id, topic, kafka_partition, kafka_offset, n)
            order by n on conflict do nothing returning consumer, event_id""";

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
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setArray(1, connection.createArrayOf("varchar", consumers));
            statement.setArray(2, connection.createArrayOf("varchar", ids));
            statement.setArray(3, connection.createArrayOf("varchar", topics));
            statement.setArray(4, connection.createArrayOf("int4", partitions));
            statement.setArray(5, connection.createArrayOf("int8", offsets));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    inserted.add(result.getString(1) + "|" + result.getString(2));
                }
            }
        }
        return inserted;
    }
}
