package io.accessledger.events.envelope;

import static io.accessledger.events.envelope.CloudEventHeaders.*;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.codec.InstantText;
import io.accessledger.events.codec.UndecodableEventException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The CloudEvents 1.0 attributes of one record, Kafka binary mode: the value is the event's plain JSON and these
 * are its headers. {@code id} is the event id; {@code type} a stable business name; {@code source}
 * {@code /accessledger/<service>}.
 */
public record Envelope(
        String id,
        String source,
        String type,
        Instant time,
        String subject,
        String correlationId,
        String causationId,
        String traceparent) {

    /** The envelope of an event a service publishes. */
    public static Envelope of(DomainEvent event, String service, String correlationId, String causationId,
            String traceparent) {
        return new Envelope(event.eventId().value(), "/accessledger/" + service, EventCatalog.of(event).ceType(),
                event.occurredAt(), event.subject(), correlationId, causationId, traceparent);
    }

    /** The headers, in the order a reader expects them; absent optional attributes are left out. */
    public Map<String, String> toHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, SPEC_VERSION_1_0);
        headers.put(ID, id);
        headers.put(SOURCE, source);
        headers.put(TYPE, type);
        headers.put(TIME, time.toString());
        headers.put(SUBJECT, subject);
        headers.put(CONTENT_TYPE, JSON);
        putIfPresent(headers, CORRELATION_ID, correlationId);
        putIfPresent(headers, CAUSATION_ID, causationId);
        putIfPresent(headers, TRACEPARENT, traceparent);
        return headers;
    }

    /** Reads and checks the headers of a consumed record; a missing required attribute makes it undecodable. */
    public static Envelope fromHeaders(Function<String, String> header) {
        String specVersion = header.apply(SPEC_VERSION);
        if (!SPEC_VERSION_1_0.equals(specVersion)) {
            throw new UndecodableEventException("ce_specversion must be 1.0, was " + specVersion);
        }
        String time = required(header, TIME);
        try {
            return new Envelope(required(header, ID), required(header, SOURCE), required(header, TYPE),
                    instant(time), header.apply(SUBJECT), header.apply(CORRELATION_ID),
                    header.apply(CAUSATION_ID), header.apply(TRACEPARENT));
        } catch (DateTimeParseException e) {
            throw new UndecodableEventException("ce_time is not an RFC 3339 time: " + time);
        }
    }

    /** {@link Instant#parse} ({@link InstantText#parse}: the form {@link Instant#toString} writes read directly). */
    static Instant instant(String text) {
        return InstantText.parse(text);
    }

    private static String required(Function<String, String> header, String name) {
        String value = header.apply(name);
        if (value == null || value.isBlank()) {
            throw new UndecodableEventException("missing CloudEvents header " + name);
        }
        return value;
    }

    private static void putIfPresent(Map<String, String> headers, String name, String value) {
        if (value != null && !value.isBlank()) {
            headers.put(name, value);
        }
    }
}
