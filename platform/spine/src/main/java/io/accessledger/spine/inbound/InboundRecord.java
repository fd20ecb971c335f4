package io.accessledger.spine.inbound;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One consumed record as the spine keeps it: where it came from, its key, its (string) headers and its value — what
 * is needed to handle it again later, from the parked table or from the dead-letter topic.
 */
public record InboundRecord(String topic, int partition, long offset, String key, Map<String, String> headers,
        byte[] value) {

    public static InboundRecord of(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return new InboundRecord(record.topic(), record.partition(), record.offset(), record.key(), headers,
                record.value());
    }

    /** The key that orders it; a record without one orders with nothing else. */
    public String orderingKey() {
        return key != null ? key : topic + "-" + partition + "@" + offset;
    }

    public String header(String name) {
        return headers.get(name);
    }
}
