package io.accessledger.events.envelope;

import static io.accessledger.events.envelope.CloudEventHeaders.*;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
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

    /**
     * {@link Instant#parse}, with the text {@link Instant#toString} writes ({@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, one to
     * nine digits of fraction, a valid date and time of day, no leap second) read without the formatter; anything else, including an
     * invalid date, goes to {@link Instant#parse}, so what is accepted or refused, and the instant, are the same.
     */
    static Instant instant(String text) {
        int n = text.length();
        if (n >= 20 && n <= 30 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(n - 1) == 'Z'
                && (n == 20 || n >= 22 && text.charAt(19) == '.')) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int fraction = n == 20 ? 0 : digits(text, 20, n - 1);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1
                    && day <= java.time.Month.of(month).length(java.time.Year.isLeap(year)) && hour >= 0 && hour < 24
                    && minute >= 0 && minute < 60 && second >= 0 && second < 60 && fraction >= 0) {
                for (int i = n == 20 ? 9 : 9 - (n - 21); i > 0; i--) {
                    fraction *= 10;
                }
                long days = java.time.LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, fraction);
            }
        }
        return Instant.parse(text);
    }

    /** The decimal number in {@code text[from, to)}, or -1 if a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
