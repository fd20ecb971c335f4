package io.accessledger.events.envelope;

/** Kafka header names of the CloudEvents 1.0 Kafka protocol binding, binary content mode, plus our extensions. */
public final class CloudEventHeaders {
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    /** Extension attribute: the id shared by every event of one business flow (the request id, usually). */
    public static final String CORRELATION_ID = "ce_correlationid";
    /** Extension attribute: the {@code ce_id} of the event (or the HTTP request id) that caused this one. */
    public static final String CAUSATION_ID = "ce_causationid";
    /** W3C trace context. */
    public static final String TRACEPARENT = "traceparent";
    /** Binary mode puts {@code datacontenttype} in Kafka's plain {@code content-type} header. */
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }
}
