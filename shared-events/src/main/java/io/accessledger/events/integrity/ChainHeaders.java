package io.accessledger.events.integrity;

/**
 * Kafka headers of the publisher's hash chain, carried by every event a service publishes (beside the CloudEvents
 * headers). Values are UTF-8 text: decimal numbers and lower-case hex.
 */
public final class ChainHeaders {
    /**
     * 0-based position of the event among everything its service published to this topic: its leaf index in the
     * topic's Merkle tree, which the signed checkpoints cover.
     */
    public static final String INDEX = "accessledger_chain_index";
    /** 0-based position of the event among the events of its key (aggregate) on this topic. */
    public static final String SEQ = "accessledger_chain_seq";
    /** Hex SHA-256 chain hash of the key's previous event, or {@link ChainHash#NO_PREDECESSOR} for its first. */
    public static final String PREV = "accessledger_chain_prev";
    /** Hex SHA-256 of the event's canonical form ({@link ChainHash}). */
    public static final String HASH = "accessledger_chain_hash";

    private ChainHeaders() {
    }
}
