package io.accessledger.audit.verify;

import java.util.function.Consumer;

/**
 * Where the verifier's records come from: hands every record to the sink, each partition's in offset order. A list
 * is one ({@code list::forEach}); {@link KafkaLogReader} reads the topics themselves.
 */
@FunctionalInterface
public interface LogSource {
    void forEach(Consumer<LogRecord> sink);
}
