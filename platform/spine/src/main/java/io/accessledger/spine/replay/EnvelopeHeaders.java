package io.accessledger.spine.replay;

import io.accessledger.events.envelope.CloudEventHeaders;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The headers {@code Envelope.fromHeaders} reads, taken from a consumed record without decoding the others: the
 * consumer leaves each header's key and value as bytes of the fetched batch until {@link Header#key()} or
 * {@link Header#value()} is first called, and a record carries about twice as many headers as the envelope needs
 * (the audit chain's among them). Here each key is compared as bytes with the envelope's names, and only the values of
 * those are read, each straight into its string. The bytes are Kafka's own {@link RecordHeader} fields, read through
 * a {@link VarHandle}; a header of another class, one already decoded, or a Kafka build without those fields goes
 * through {@link Header#key()} and {@link Header#value()}, with the same result.
 */
final class EnvelopeHeaders {
    private static final List<String> NAMES = List.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID,
            CloudEventHeaders.SOURCE, CloudEventHeaders.TYPE, CloudEventHeaders.TIME, CloudEventHeaders.SUBJECT,
            CloudEventHeaders.CORRELATION_ID, CloudEventHeaders.CAUSATION_ID, CloudEventHeaders.TRACEPARENT);
    private static final byte[][] KEYS = NAMES.stream().map(name -> name.getBytes(StandardCharsets.UTF_8))
            .toArray(byte[][]::new);
    private static final VarHandle KEY_BUFFER = field("keyBuffer");
    private static final VarHandle VALUE_BUFFER = field("valueBuffer");

    private EnvelopeHeaders() {
    }

    /** The envelope's headers of a record: the last non-null value of each, as UTF-8 text. */
    static Map<String, String> of(Iterable<Header> headers) {
        Map<String, String> envelope = new HashMap<>(16);
        for (Header header : headers) {
            String name = envelopeName(header);
            if (name != null) {
                String value = value(header);
                if (value != null) {
                    envelope.put(name, value);
                }
            }
        }
        return envelope;
    }

    /** Whether the fast path is in use (Kafka's header fields found). */
    static boolean readsBytes() {
        return KEY_BUFFER != null && VALUE_BUFFER != null;
    }

    /** The envelope's name of this header's key, or {@code null} if it is not one of them. */
    private static String envelopeName(Header header) {
        ByteBuffer key = readsBytes() && header instanceof RecordHeader ? (ByteBuffer) KEY_BUFFER.get(header) : null;
        if (key == null) {
            String name = header.key();
            int at = NAMES.indexOf(name);
            return at < 0 ? null : NAMES.get(at);
        }
        int length = key.remaining();
        int start = key.position();
        for (int n = 0; n < KEYS.length; n++) {
            byte[] candidate = KEYS[n];
            if (candidate.length == length && same(key, start, candidate)) {
                return NAMES.get(n);
            }
        }
        return null;
    }

    private static boolean same(ByteBuffer key, int start, byte[] candidate) {
        for (int i = candidate.length - 1; i >= 0; i--) { // the names share their first bytes ("ce_")
            if (key.get(start + i) != candidate[i]) {
                return false;
            }
        }
        return true;
    }

    private static String value(Header header) {
        ByteBuffer bytes = readsBytes() && header instanceof RecordHeader ? (ByteBuffer) VALUE_BUFFER.get(header)
                : null;
        if (bytes != null && bytes.hasArray()) {
            return new String(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(),
                    StandardCharsets.UTF_8);
        }
        byte[] value = header.value();
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static VarHandle field(String name) {
        try {
            return MethodHandles.privateLookupIn(RecordHeader.class, MethodHandles.lookup())
                    .findVarHandle(RecordHeader.class, name, ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another Kafka build: every header through its key() and value()
        }
    }
}
