package io.accessledger.spine.replay;

import io.accessledger.events.codec.InstantText;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.envelope.Envelope;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
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
    /**
     * Per key length, the indexes in {@link #KEYS} of the names that long (null for a length none has): a header's
     * key is compared with those alone, and a key of another length (the chain's, {@code content-type}) with none.
     */
    private static final int[][] BY_LENGTH = byLength();
    private static final int SPEC_AT = 0;
    private static final int ID_AT = 1;
    private static final int SOURCE_AT = 2;
    private static final int TYPE_AT = 3;
    private static final int TIME_AT = 4;
    private static final int SUBJECT_AT = 5;
    private static final int CORRELATION_AT = 6;
    private static final int CAUSATION_AT = 7;
    private static final int TRACEPARENT_AT = 8;
    private static final byte[] SPEC_1_0 = CloudEventHeaders.SPEC_VERSION_1_0.getBytes(StandardCharsets.UTF_8);
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

    /**
     * The record's envelope, as {@link Envelope#fromHeaders} reads it from {@link #of}'s headers: the same envelope,
     * or, for headers it refuses, the same exception. Without the map or a string of a header whose text is not kept:
     * the last non-null value of each envelope header is kept as bytes, the spec version compared as bytes, the
     * source and type (a few values repeated on every record) taken from {@code sources} and {@code types}, and the
     * others decoded into strings once. Headers that are not plainly well-formed (a required one absent or starting
     * with a space or a byte that is not printable ASCII, a spec version that is not {@code 1.0}, a time that does
     * not parse) go through {@link Envelope#fromHeaders} itself, which refuses them as it always has.
     */
    static Envelope envelope(Iterable<Header> headers, Texts sources, Texts types) {
        ByteBuffer[] values = new ByteBuffer[KEYS.length];
        for (Header header : headers) {
            int at = envelopeIndex(header);
            if (at >= 0) {
                ByteBuffer value = bytes(header);
                if (value != null) {
                    values[at] = value;
                }
            }
        }
        if (!plain(values[ID_AT]) || !plain(values[SOURCE_AT]) || !plain(values[TYPE_AT]) || !plain(values[TIME_AT])
                || !is(values[SPEC_AT], SPEC_1_0)) {
            return Envelope.fromHeaders(name -> text(values, name)); // refuses them, as it always has
        }
        Instant time;
        try {
            time = InstantText.parse(text(values[TIME_AT]));
        } catch (DateTimeParseException refused) {
            return Envelope.fromHeaders(name -> text(values, name));
        }
        return new Envelope(text(values[ID_AT]), sources.of(values[SOURCE_AT]), types.of(values[TYPE_AT]), time,
                text(values[SUBJECT_AT]), text(values[CORRELATION_AT]), text(values[CAUSATION_AT]),
                text(values[TRACEPARENT_AT]));
    }

    /**
     * Strings of the values a header takes again and again (the sources, the types), looked up by their bytes; at
     * most {@value #TEXTS} of them are kept, a value beyond is decoded each time. For one thread.
     */
    static final class Texts {
        private static final int TEXTS = 256;
        /** Open addressing, at most half full: each value's bytes and its string, in the same slot. */
        private final byte[][] keys = new byte[2 * TEXTS][];
        private final String[] texts = new String[2 * TEXTS];
        private int size;

        /**
         * The value's string: looked up by its bytes, hashed and compared on the array (a {@link ByteBuffer}'s own
         * {@code hashCode} reads it a byte at a time through its bounds checks, which was most of the look-up).
         */
        String of(ByteBuffer value) {
            if (!value.hasArray()) {
                return text(value);
            }
            byte[] bytes = value.array();
            int from = value.arrayOffset() + value.position();
            int to = from + value.remaining();
            int hash = 1;
            for (int i = from; i < to; i++) {
                hash = 31 * hash + bytes[i];
            }
            int mask = keys.length - 1;
            int slot = (hash ^ hash >>> 16) & mask;
            for (byte[] key = keys[slot]; key != null; key = keys[slot = (slot + 1) & mask]) {
                if (Arrays.equals(key, 0, key.length, bytes, from, to)) {
                    return texts[slot];
                }
            }
            String text = text(value);
            if (size < TEXTS) {
                keys[slot] = Arrays.copyOfRange(bytes, from, to);
                texts[slot] = text;
                size++;
            }
            return text;
        }
    }

    /** Not null, not empty, and starting with printable ASCII other than a space: not blank. */
    private static boolean plain(ByteBuffer value) {
        if (value == null || !value.hasRemaining()) {
            return false;
        }
        byte first = value.get(value.position());
        return first > ' ' && first < 127;
    }

    private static boolean is(ByteBuffer value, byte[] expected) {
        return value != null && value.remaining() == expected.length && same(value, value.position(), expected);
    }

    private static String text(ByteBuffer[] values, String name) {
        int at = NAMES.indexOf(name);
        return at < 0 ? null : text(values[at]);
    }

    private static String text(ByteBuffer value) {
        if (value == null) {
            return null;
        }
        if (value.hasArray()) {
            return new String(value.array(), value.arrayOffset() + value.position(), value.remaining(),
                    StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The value's bytes (Kafka's own, or its {@link Header#value()} wrapped), or null. */
    private static ByteBuffer bytes(Header header) {
        ByteBuffer bytes = readsBytes() && header instanceof RecordHeader recordHeader
                ? (ByteBuffer) VALUE_BUFFER.get(recordHeader) : null;
        if (bytes != null) {
            return bytes;
        }
        byte[] value = header.value();
        return value == null ? null : ByteBuffer.wrap(value);
    }

    /** Whether the fast path is in use (Kafka's header fields found). */
    static boolean readsBytes() {
        return KEY_BUFFER != null && VALUE_BUFFER != null;
    }

    /** The envelope's name of this header's key, or {@code null} if it is not one of them. */
    private static String envelopeName(Header header) {
        int at = envelopeIndex(header);
        return at < 0 ? null : NAMES.get(at);
    }

    /**
     * The index in {@link #NAMES} of this header's key, or -1 if it is not one of them: found by the key's length
     * ({@link #BY_LENGTH}), then its bytes compared with the names of that length (the array's, when it has one, in
     * one {@link Arrays#equals} call; a record's keys are slices of the fetched batch's array).
     */
    private static int envelopeIndex(Header header) {
        ByteBuffer key = readsBytes() && header instanceof RecordHeader recordHeader
                ? (ByteBuffer) KEY_BUFFER.get(recordHeader) : null;
        if (key == null) {
            return NAMES.indexOf(header.key());
        }
        int length = key.remaining();
        int[] candidates = length < BY_LENGTH.length ? BY_LENGTH[length] : null;
        if (candidates == null) {
            return -1;
        }
        int start = key.position();
        if (key.hasArray()) {
            byte[] bytes = key.array();
            int from = key.arrayOffset() + start;
            for (int n : candidates) {
                if (Arrays.equals(bytes, from, from + length, KEYS[n], 0, length)) {
                    return n;
                }
            }
            return -1;
        }
        for (int n : candidates) {
            if (same(key, start, KEYS[n])) {
                return n;
            }
        }
        return -1;
    }

    private static int[][] byLength() {
        int longest = Arrays.stream(KEYS).mapToInt(key -> key.length).max().orElse(0);
        int[][] byLength = new int[longest + 1][];
        for (int n = 0; n < KEYS.length; n++) {
            int[] before = byLength[KEYS[n].length];
            int[] with = before == null ? new int[1] : Arrays.copyOf(before, before.length + 1);
            with[with.length - 1] = n;
            byLength[KEYS[n].length] = with;
        }
        return byLength;
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
