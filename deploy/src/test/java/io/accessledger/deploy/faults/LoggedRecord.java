package io.accessledger.deploy.faults;

import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.integrity.ChainHeaders;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record as read back from a topic after a fault run: where it sits, its key, its headers (last value of each
 * name, as text), its value and the broker's timestamp. The only input of the {@link InvariantChecker}.
 */
public record LoggedRecord(String topic, int partition, long offset, String key, Map<String, String> headers,
        byte[] value, long timestamp) {

    public LoggedRecord {
        headers = Map.copyOf(headers);
    }

    public static LoggedRecord of(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return new LoggedRecord(record.topic(), record.partition(), record.offset(), record.key(), headers,
                record.value(), record.timestamp());
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** Its {@code ce_type}, or {@code null} for a record that is not a CloudEvent. */
    public String type() {
        return header(CloudEventHeaders.TYPE);
    }

    /** Its {@code ce_id}, or {@code null}. */
    public String eventId() {
        return header(CloudEventHeaders.ID);
    }

    /** Its position within its key on its topic ({@code accessledger_chain_seq}), or {@code null} if unchained. */
    public Long chainSeq() {
        String seq = header(ChainHeaders.SEQ);
        return seq == null ? null : Long.valueOf(seq);
    }

    public boolean isDeadLetter() {
        return topic.endsWith("-dlt");
    }

    /** Where it sits, for a report line. */
    public String where() {
        return topic + "/" + partition + "@" + offset;
    }
}
