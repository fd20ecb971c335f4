package io.accessledger.spine.inbound;

import io.accessledger.events.envelope.Envelope;
import java.util.HashMap;
import java.util.Map;

/**
 * The metadata keys that carry causality from a consumed record, through the command it becomes, to the events
 * that command produces (and so to their {@code ce_correlationid}, {@code ce_causationid}, {@code traceparent}).
 */
public final class Causation {
    public static final String CORRELATION = "al.correlationId";
    public static final String CAUSATION = "al.causationId";
    public static final String TRACEPARENT = "traceparent";

    private Causation() {
    }

    /** Metadata for a command caused by this record. */
    public static Map<String, Object> of(Envelope cause) {
        Map<String, Object> meta = new HashMap<>();
        meta.put(CORRELATION, cause.correlationId() != null ? cause.correlationId() : cause.subject());
        meta.put(CAUSATION, cause.id());
        if (cause.traceparent() != null) {
            meta.put(TRACEPARENT, cause.traceparent());
        }
        return meta;
    }
}
