package io.accessledger.audit.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import io.accessledger.audit.model.AuditTrailView.Format;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the audit export one row at a time, UTF-8. CSV: RFC 4180 (a header row, CRLF line ends, a field quoted
 * when it holds a comma, a quote, CR or LF, quotes doubled, an absent value empty). JSON: JSON Lines (one object per
 * event and line, LF, every key of {@link #COLUMNS} in that order, an absent value {@code null}, {@code details} the
 * event's own fields as a nested object with sorted keys).
 */
final class TrailExport {
    /** The columns, in order, of both formats. */
    static final List<String> COLUMNS = List.of("occurredAt", "eventId", "topic", "type", "subject", "requestId",
            "grantId", "employeeId", "entitlement", "actorId", "reason", "correlationId", "causationId", "details");

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final Format format;
    private final Writer out;

    /** One event as exported; {@code details} is its JSON text. */
    record Row(Instant occurredAt, String eventId, String topic, String type, String subject, String requestId,
            String grantId, String employeeId, String entitlement, String actorId, String reason,
            String correlationId, String causationId, String details) {

        List<String> values() {
            return java.util.Arrays.asList(occurredAt.toString(), eventId, topic, type, subject, requestId, grantId,
                    employeeId, entitlement, actorId, reason, correlationId, causationId, details);
        }
    }

    TrailExport(Format format, OutputStream out) throws IOException {
        this.format = format;
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
        if (format == Format.CSV) {
            csvLine(COLUMNS);
        }
    }

    void row(Row row) throws IOException {
        if (format == Format.CSV) {
            csvLine(row.values());
        } else {
            jsonLine(row.values());
        }
    }

    /** Flushes what is buffered; the stream is the caller's to close. */
    void finish() throws IOException {
        out.flush();
    }

    private void csvLine(List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(csvField(values.get(i)));
        }
        out.write("\r\n");
    }

    static String csvField(String value) {
        if (value == null) {
            return "";
        }
        boolean quoted = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0;
        return quoted ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private void jsonLine(List<String> values) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        for (int i = 0; i < COLUMNS.size() - 1; i++) {
            line.put(COLUMNS.get(i), values.get(i));
        }
        line.put("details", new RawValue(values.get(COLUMNS.size() - 1)));
        try {
            out.write(PLAIN.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IOException("cannot write an audit export line", e);
        }
        out.write('\n');
    }
}
