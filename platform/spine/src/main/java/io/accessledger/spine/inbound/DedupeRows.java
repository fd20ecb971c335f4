package io.accessledger.spine.inbound;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
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

    /**
     * Inserts the rows (the i-th of each array make one) on {@code connection}; returns {@code consumer|event_id} of
     * those it inserted (an event twice among them is inserted once, with its first position).
     */
    public static Set<String> insert(Connection connection, Object[] consumers, Object[] ids, Object[] topics,
            Object[] partitions, Object[] offsets) throws SQLException {
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setArray(1, connection.createArrayOf("varchar", consumers));
            statement.setArray(2, connection.createArrayOf("varchar", ids));
            statement.setArray(3, connection.createArrayOf("varchar", topics));
            statement.setArray(4, connection.createArrayOf("int4", partitions));
            statement.setArray(5, connection.createArrayOf("int8", offsets));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    inserted.add(rows.getString(1) + "|" + rows.getString(2));
                }
            }
        }
        return inserted;
    }
}
