package io.accessledger.spine.audit;

import io.accessledger.events.integrity.ChainHeaders;
import io.accessledger.events.integrity.MerkleTree;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chain position of one event about to be published: its leaf index on the topic, its seq and predecessor's hash
 * within its key, its own chain hash, and the topic's Merkle frontier once it is appended.
 */
public record ChainLink(String topic, String key, long index, long seq, String prev, String hash,
        MerkleTree.Frontier frontier) {

    /** The chain headers the record carries. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ChainHeaders.INDEX, Long.toString(index));
        headers.put(ChainHeaders.SEQ, Long.toString(seq));
        headers.put(ChainHeaders.PREV, prev);
        headers.put(ChainHeaders.HASH, hash);
        return headers;
    }
}
