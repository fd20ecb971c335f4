package io.accessledger.audit.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.audit.model.AuditTrailView.Format;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

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
    /** JSON Lines: one generator for the whole export, each line written field by field (no map per row). */
    private final JsonGenerator json;

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
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        if (format == Format.CSV) {
            json = null;
            csvLine(COLUMNS);
        } else {
            json = PLAIN.getFactory().createGenerator(this.out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            json.setRootValueSeparator(null);
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
        if (json != null) {
            json.flush();
        }
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

    /** The bytes {@code PLAIN} writes for a map of the columns in order, {@code details} as a raw value. */
    private void jsonLine(List<String> values) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < COLUMNS.size() - 1; i++) {
            json.writeFieldName(COLUMNS.get(i));
            String value = values.get(i);
            if (value == null) {
                json.writeNull();
            } else {
                json.writeString(value);
            }
        }
        json.writeFieldName("details");
        json.writeRawValue(values.get(COLUMNS.size() - 1));
        json.writeEndObject();
        json.writeRaw('\n');
    }
}
