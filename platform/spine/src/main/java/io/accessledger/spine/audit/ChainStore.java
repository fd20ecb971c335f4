package io.accessledger.spine.audit;

import io.accessledger.events.integrity.ChainHash;
import io.accessledger.events.integrity.MerkleTree;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeper of the outbox's chain state ({@code chain_topic}, {@code chain_key}; spine migration V4). It is read and
 * written on the caller's connection, so in the outbox's transaction: a publish whose transaction rolls back leaves
 * the state as it was, and the re-send computes the same headers. Per event: two primary-key reads and two upserts.
 */
public class ChainStore {
    private final JdbcTemplate jdbc;

    public ChainStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The tree of a topic: its size, frontier and what the last checkpoint covered. */
    public record TopicTree(String topic, MerkleTree.Frontier frontier, long checkpointedSize) {
        public long size() {
            return frontier.size();
        }
    }

    /**
     * The link of the next event of {@code key} on {@code topic} (not yet stored). Locks the topic's row, so two
     * publishers of one topic (which the tracking processor's token claim already prevents) would take turns.
     */
    public ChainLink next(String topic, String key, Function<String, String> ceHeader, byte[] value) {
        MerkleTree.Frontier frontier = tree(topic, true).map(TopicTree::frontier).orElse(MerkleTree.Frontier.EMPTY);
        List<KeyTail> last = jdbc.query("select last_seq, last_hash from chain_key where topic = ? and key = ?",
                (rs, row) -> new KeyTail(rs.getLong(1), rs.getString(2)), topic, key);
        long seq = last.isEmpty() ? 0 : last.get(0).seq() + 1;
        String prev = last.isEmpty() ? ChainHash.NO_PREDECESSOR : last.get(0).hash();
        long index = frontier.size();
        String hash = ChainHash.of(topic, key, ceHeader, value, index, seq, prev);
        return new ChainLink(topic, key, index, seq, prev, hash, frontier.append(MerkleTree.leafData(hash)));
    }

    /** Stores a link as the last of its key and its frontier as the topic's tree. */
    public void record(ChainLink link) {
        jdbc.update("""
                insert into chain_topic (topic, next_index, frontier) values (?, ?, ?)
                on conflict (topic) do update set next_index = excluded.next_index, frontier = excluded.frontier""",
                link.topic(), link.index() + 1, link.frontier().toBytes());
        jdbc.update("""
                insert into chain_key (topic, key, last_seq, last_hash) values (?, ?, ?, ?)
                on conflict (topic, key) do update set last_seq = excluded.last_seq, last_hash = excluded.last_hash""",
                link.topic(), link.key(), link.seq(), link.hash());
    }

    /** The topic's tree as committed (one row, so size and frontier are consistent). */
    public Optional<TopicTree> tree(String topic) {
        return tree(topic, false);
    }

    private Optional<TopicTree> tree(String topic, boolean forUpdate) {
        return jdbc.query("select next_index, frontier, checkpointed_size from chain_topic where topic = ?"
                + (forUpdate ? " for update" : ""),
                (rs, row) -> new TopicTree(topic, MerkleTree.Frontier.fromBytes(rs.getLong(1), rs.getBytes(2)),
                        rs.getLong(3)), topic).stream().findFirst();
    }

    /** The seq and chain hash of a key's last published event. */
    private record KeyTail(long seq, String hash) {
    }

    /** Notes that a signed checkpoint now covers the first {@code size} events of the topic. */
    public void checkpointed(String topic, long size) {
        jdbc.update("update chain_topic set checkpointed_size = greatest(checkpointed_size, ?) where topic = ?", size,
                topic);
    }
}
