package io.accessledger.events.integrity;

import io.accessledger.events.envelope.CloudEventHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Function;

/**
 * The chain hash of one published event: SHA-256 over an unambiguous, length-prefixed encoding of everything that
 * makes the event what it is — topic, key, {@code ce_id}, {@code ce_type}, {@code ce_source}, {@code ce_time},
 * {@code ce_subject}, the value bytes exactly as sent, and its chain position (index, seq, prev). The publisher and
 * the verifier call this one function, so they cannot drift apart.
 *
 * <p>Encoding, after the domain tag {@value #DOMAIN}: each text as a 4-byte big-endian length (-1 when absent) and
 * its UTF-8 bytes, the value the same way, index and seq as 8-byte big-endian numbers, prev as text. Headers that
 * carry context but not the fact (correlation, causation, trace) are left out: they may be re-derived on a re-send.
 */
public final class ChainHash {
    /** The {@code prev} of a key's first event. */
    public static final String NO_PREDECESSOR = "0".repeat(64);
    static final String DOMAIN = "accessledger.chain.v1";

    private ChainHash() {
    }

    /**
     * The hex chain hash of an event, from its topic, key, CloudEvents headers (looked up by name), value and
     * chain position.
     */
    public static String of(String topic, String key, Function<String, String> ceHeader, byte[] value, long index,
            long seq, String prev) {
        MessageDigest digest = Hex.sha256();
        text(digest, DOMAIN);
        text(digest, topic);
        text(digest, key);
        for (String header : new String[] {CloudEventHeaders.ID, CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE,
                CloudEventHeaders.TIME, CloudEventHeaders.SUBJECT}) {
            text(digest, ceHeader.apply(header));
        }
        bytes(digest, value);
        digest.update(ByteBuffer.allocate(16).putLong(index).putLong(seq).array());
        text(digest, prev);
        return Hex.of(digest.digest());
    }

    private static void text(MessageDigest digest, String text) {
        bytes(digest, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(MessageDigest digest, byte[] bytes) {
        digest.update(ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array());
        if (bytes != null) {
            digest.update(bytes);
        }
    }
}
