package io.accessledger.audit.verify;

import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.integrity.AuditCheckpoint;
import io.accessledger.events.integrity.ChainHash;
import io.accessledger.events.integrity.ChainHeaders;
import io.accessledger.events.integrity.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes chained records and signed checkpoints into an in-memory log the way the spine's outbox and checkpoint
 * job do (same {@link ChainHash}, same Merkle frontier), so tests can tamper with a log they know to be right.
 */
final class TestPublisher {
    static final String TOPIC = Topic.REQUEST.topicName();
    static final String SERVICE = "request-service";
    static final Instant AT = Instant.parse("2026-11-02T09:00:00Z");

    final List<LogRecord> log = new ArrayList<>();
    private final KeyPair keys;
    private final Map<String, Long> nextOffset = new HashMap<>();
    private final Map<String, long[]> keySeq = new HashMap<>();
    private final Map<String, String> keyHash = new HashMap<>();
    private MerkleTree.Frontier frontier = MerkleTree.Frontier.EMPTY;
    private int checkpoints;

    TestPublisher(KeyPair keys) {
        this.keys = keys;
    }

    /** Publishes event {@code ceId} of {@code key} to the request topic, partition by key. */
    LogRecord publish(String key, String ceId) {
        Map<String, String> headers = new LinkedHashMap<>(new Envelope(ceId, "/accessledger/" + SERVICE,
                "accessledger.request.revised.v1", AT, key, key, null, null).toHeaders());
        byte[] value = ("{\"eventId\":\"" + ceId + "\",\"requestId\":\"" + key + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        long index = frontier.size();
        long seq = keySeq.computeIfAbsent(key, k -> new long[] {-1})[0] + 1;
        String prev = keyHash.getOrDefault(key, ChainHash.NO_PREDECESSOR);
        String hash = ChainHash.of(TOPIC, key, headers::get, value, index, seq, prev);
        headers.put(ChainHeaders.INDEX, Long.toString(index));
        headers.put(ChainHeaders.SEQ, Long.toString(seq));
        headers.put(ChainHeaders.PREV, prev);
        headers.put(ChainHeaders.HASH, hash);
        keySeq.get(key)[0] = seq;
        keyHash.put(key, hash);
        frontier = frontier.append(MerkleTree.leafData(hash));
        return append(TOPIC, Math.floorMod(key.hashCode(), 3), key, headers, value);
    }

    /** Publishes a signed checkpoint of everything published so far. */
    LogRecord checkpoint() {
        AuditCheckpoint checkpoint = AuditCheckpoint.signed(EventId.of("checkpoint-" + ++checkpoints),
                AT.plusSeconds(checkpoints), SERVICE, TOPIC, frontier.size(), frontier.rootHex(), keys.getPrivate(),
                keys.getPublic());
        return checkpointRecord(checkpoint);
    }

    LogRecord checkpointRecord(AuditCheckpoint checkpoint) {
        return append(Topic.AUDIT.topicName(), 0, TOPIC,
                Envelope.of(checkpoint, SERVICE, TOPIC, null, null).toHeaders(), new EventCodec().encode(checkpoint));
    }

    LogRecord append(String topic, int partition, String key, Map<String, String> headers, byte[] value) {
        long offset = nextOffset.merge(topic + "/" + partition, 1L, Long::sum) - 1;
        LogRecord record = new LogRecord(topic, partition, offset, key, headers, value);
        log.add(record);
        return record;
    }

    /** The record of event {@code ceId}. */
    LogRecord record(String ceId) {
        return log.stream().filter(r -> ceId.equals(r.header(CloudEventHeaders.ID))).findFirst().orElseThrow();
    }

    /** A copy of {@code record} with one header changed. */
    static LogRecord withHeader(LogRecord record, String name, String value) {
        Map<String, String> headers = new HashMap<>(record.headers());
        headers.put(name, value);
        return new LogRecord(record.topic(), record.partition(), record.offset(), record.key(), headers,
                record.value());
    }

    static LogRecord withValue(LogRecord record, String value) {
        return new LogRecord(record.topic(), record.partition(), record.offset(), record.key(), record.headers(),
                value.getBytes(StandardCharsets.UTF_8));
    }

    static LogRecord at(LogRecord record, int partition, long offset) {
        return new LogRecord(record.topic(), partition, offset, record.key(), record.headers(), record.value());
    }

    /** Replaces a record of the log by another at its place. */
    void replace(LogRecord original, LogRecord tampered) {
        log.set(log.indexOf(original), at(tampered, original.partition(), original.offset()));
    }
}
