package io.accessledger.audit.verify;

import java.util.Map;

/**
 * One record of the log as the verifier sees it: where it is, its key, its headers (the last value of each name,
 * as UTF-8 text) and its value bytes exactly as stored.
 */
public record LogRecord(String topic, int partition, long offset, String key, Map<String, String> headers,
        byte[] value) {

    public LogRecord {
        headers = Map.copyOf(headers);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
