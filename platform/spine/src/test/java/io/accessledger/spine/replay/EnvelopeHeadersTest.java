package io.accessledger.spine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.spine.inbound.InboundRecord;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The replay's envelope headers, read as bytes from records parsed as the consumer parses them, are those
 * {@link InboundRecord#of} reads (the last non-null value of each envelope header), and the other headers are left
 * undecoded.
 */
class EnvelopeHeadersTest {
    private static final List<String> ENVELOPE = List.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID,
            CloudEventHeaders.SOURCE, CloudEventHeaders.TYPE, CloudEventHeaders.TIME, CloudEventHeaders.SUBJECT,
            CloudEventHeaders.CORRELATION_ID, CloudEventHeaders.CAUSATION_ID, CloudEventHeaders.TRACEPARENT);
    /** Envelope names, near misses of them, the chain's and other headers, unicode. */
    private static final List<String> KEYS = List.of(CloudEventHeaders.ID, CloudEventHeaders.TYPE,
            CloudEventHeaders.TIME, CloudEventHeaders.SOURCE, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SUBJECT,
            CloudEventHeaders.CORRELATION_ID, CloudEventHeaders.CAUSATION_ID, CloudEventHeaders.TRACEPARENT, "ce_i",
            "ce_idx", "CE_ID", "de_id", "ce_typf", "al_chain_hash", "al_chain_prev", "", "cé_id", "ce_id\u0000",
            "traceparen", "x");

    @Test
    void envelopeHeadersAreTheOnesTheRecordReadGivesAndNoOtherKeyIsDecoded() throws Exception {
        assertThat(EnvelopeHeaders.readsBytes()).as("Kafka's header fields are found").isTrue();
        SplittableRandom random = new SplittableRandom(14);
        List<SimpleRecord> written = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            List<Header> headers = new ArrayList<>();
            for (int h = random.nextInt(16); h > 0; h--) {
                String key = KEYS.get(random.nextInt(KEYS.size()));
                byte[] value = switch (random.nextInt(5)) {
                    case 0 -> null;
                    case 1 -> new byte[0];
                    case 2 -> "é€😀\uFFFD".getBytes(StandardCharsets.UTF_8);
                    case 3 -> new byte[] {(byte) 0xC3, 'x', (byte) 0xFF}; // not UTF-8
                    default -> ("value-" + random.nextInt(1_000)).getBytes(StandardCharsets.UTF_8);
                };
                headers.add(new RecordHeader(key, value));
            }
            written.add(new SimpleRecord(i, "k".getBytes(StandardCharsets.UTF_8), new byte[] {1},
                    headers.toArray(Header[]::new)));
        }
        MemoryRecords batch = MemoryRecords.withRecords(Compression.NONE, written.toArray(SimpleRecord[]::new));
        int checked = 0;
        for (Record parsedForUs : batch.records()) {
            Header[] ours = parsedForUs.headers();
            Map<String, String> read = EnvelopeHeaders.of(Arrays.asList(ours));
            for (Header header : ours) {
                if (!ENVELOPE.contains(key(header))) {
                    assertThat(decodedKey(header)).as("a header the envelope does not read is left as bytes").isNull();
                }
            }
            Map<String, String> expected = new LinkedHashMap<>(InboundRecord.of(record(parsedForUs)).headers());
            expected.keySet().retainAll(Set.copyOf(ENVELOPE));
            assertThat(read).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isEqualTo(2_000);
    }

    @Test
    void theEnvelopeReadFromTheBytesIsTheOneFromHeadersReadsOrItsSameRefusal() {
        SplittableRandom random = new SplittableRandom(9);
        List<SimpleRecord> written = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            List<Header> headers = new ArrayList<>();
            for (String name : ENVELOPE) {
                for (int copies = random.nextInt(8) == 0 ? 2 : random.nextInt(40) == 0 ? 0 : 1; copies > 0; copies--) {
                    headers.add(new RecordHeader(name, value(name, random)));
                }
                if (random.nextInt(3) == 0) {
                    headers.add(new RecordHeader("al_chain_hash", "c".getBytes(StandardCharsets.UTF_8)));
                }
            }
            java.util.Collections.shuffle(headers, new java.util.Random(random.nextLong()));
            written.add(new SimpleRecord(i, "k".getBytes(StandardCharsets.UTF_8), new byte[] {1},
                    headers.toArray(Header[]::new)));
        }
        EnvelopeHeaders.Texts sources = new EnvelopeHeaders.Texts();
        EnvelopeHeaders.Texts types = new EnvelopeHeaders.Texts();
        int refused = 0;
        int read = 0;
        for (Record parsed : MemoryRecords.withRecords(Compression.NONE, written.toArray(SimpleRecord[]::new))
                .records()) {
            for (List<Header> headers : List.of(Arrays.asList(parsed.headers()),
                    Arrays.asList(written.get((int) parsed.offset()).headers()))) { // as bytes, and built from text
                Object expected;
                try {
                    expected = io.accessledger.events.envelope.Envelope.fromHeaders(
                            InboundRecord.of(record(parsed))::header);
                } catch (RuntimeException e) {
                    expected = e.getClass().getName() + ": " + e.getMessage();
                }
                Object actual;
                try {
                    actual = EnvelopeHeaders.envelope(headers, sources, types);
                } catch (RuntimeException e) {
                    actual = e.getClass().getName() + ": " + e.getMessage();
                }
                assertThat(actual).isEqualTo(expected);
                if (expected instanceof String) {
                    refused++;
                } else {
                    read++;
                }
            }
        }
        assertThat(refused).as("refusals met").isGreaterThan(2_000);
        assertThat(read).as("envelopes read").isGreaterThan(10_000);
    }

    /** A value of an envelope header: mostly well-formed, sometimes empty, blank, malformed or not UTF-8. */
    private static byte[] value(String name, SplittableRandom random) {
        String text = switch (random.nextInt(40)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> " ";
            case 3 -> " padded";
            case 4 -> "\u00e9t\u00e9";
            case 5 -> "\u2003em space first";
            case 6 -> "1.0 ";
            case 7 -> "2026-13-01T00:00:00Z";
            case 8 -> "2026-03-01T10:15:30+01:00";
            case 9 -> "\u001ccontrol";
            default -> switch (name) {
                case CloudEventHeaders.SPEC_VERSION -> random.nextInt(20) == 0 ? "1.1" : "1.0";
                case CloudEventHeaders.TIME -> java.time.Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L),
                        random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000)).toString();
                case CloudEventHeaders.TYPE -> "accessledger.request.type-" + random.nextInt(50) + ".v1";
                case CloudEventHeaders.SOURCE -> "/accessledger/service-" + random.nextInt(6);
                default -> name + "-" + random.nextInt(1_000_000);
            };
        };
        if (random.nextInt(60) == 0) {
            return new byte[] {(byte) 0xC3, 'x', (byte) 0xFF}; // not UTF-8
        }
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The strings of the values a header repeats (sources, types), looked up by their bytes: each value's own text,
     * wherever its bytes lie in their array (a record's header values are slices of the fetched batch), in a direct
     * buffer, and for values beyond the 256 kept.
     */
    @Test
    void aRepeatedValuesTextIsItsOwnWhereverItsBytesLieAndBeyondTheValuesKept() {
        EnvelopeHeaders.Texts texts = new EnvelopeHeaders.Texts();
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 1_000; i++) {
                String text = switch (i % 4) {
                    case 0 -> "accessledger.request.type-" + i + ".v1";
                    case 1 -> "/accessledger/service-" + i;
                    case 2 -> "\u00e9t\u00e9-" + i;
                    default -> Integer.toString(i);
                };
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                int before = random.nextInt(6);
                byte[] batch = new byte[before + bytes.length + random.nextInt(6)];
                Arrays.fill(batch, (byte) '1');
                System.arraycopy(bytes, 0, batch, before, bytes.length);
                ByteBuffer value = switch (random.nextInt(3)) {
                    case 0 -> ByteBuffer.wrap(batch, before, bytes.length); // at its position
                    case 1 -> ByteBuffer.wrap(batch, before, bytes.length).slice(); // at its array's offset
                    default -> ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
                };
                assertThat(texts.of(value)).as("value %d of round %d", i, round).isEqualTo(text);
                assertThat(value.remaining()).as("the value's bytes left unread").isEqualTo(bytes.length);
            }
        }
    }

    @Test
    void headersAlreadyDecodedOrBuiltFromTextAreReadThroughTheirKeys() {
        RecordHeader decoded = (RecordHeader) MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(1L,
                null, new byte[] {1}, new Header[] {new RecordHeader(CloudEventHeaders.ID, "a".getBytes(
                        StandardCharsets.UTF_8))})).records().iterator().next().headers()[0];
        assertThat(decoded.key()).isEqualTo(CloudEventHeaders.ID);
        assertThat(decoded.value()).isNotNull();
        Header text = new RecordHeader(CloudEventHeaders.TYPE, "b".getBytes(StandardCharsets.UTF_8));
        Header other = new RecordHeader("al_chain_hash", "c".getBytes(StandardCharsets.UTF_8));
        assertThat(EnvelopeHeaders.of(List.of(decoded, text, other)))
                .isEqualTo(Map.of(CloudEventHeaders.ID, "a", CloudEventHeaders.TYPE, "b"));
    }

    private static ConsumerRecord<String, byte[]> record(Record parsed) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : parsed.headers()) {
            headers.add(header);
        }
        return new ConsumerRecord<>("t", 0, parsed.offset(), parsed.timestamp(), TimestampType.CREATE_TIME, 1, 1,
                "k", new byte[] {1}, headers, Optional.empty());
    }

    /** The key as the test reads it, without decoding the header's own. */
    private static String key(Header header) throws Exception {
        Object buffer = field("keyBuffer").get(header);
        if (buffer == null) {
            return header.key();
        }
        ByteBuffer bytes = ((ByteBuffer) buffer).duplicate();
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        return new String(raw, StandardCharsets.UTF_8);
    }

    private static Object decodedKey(Header header) throws Exception {
        return field("key").get(header);
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field field = RecordHeader.class.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
