package io.accessledger.request.audit;

import io.accessledger.audit.model.AuditTrailView.Format;
import io.accessledger.web.ApiProblem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The auditors' query parameters, read strictly: a bad value is the caller's mistake (400 with the field named), never
 * a server error. A time is an RFC 3339 instant ({@code 2026-03-02T09:00:00Z}) or a day ({@code 2026-03-02}, meaning
 * 00:00 UTC).
 */
final class AuditParameters {
    private AuditParameters() {
    }

    /** The instant named, or {@code null} when the parameter is absent or blank. */
    static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADay) {
                throw ApiProblem.invalid(field, field + " must be an RFC 3339 instant (2026-03-02T09:00:00Z) or a day"
                        + " (2026-03-02), got '" + text + "'");
            }
        }
    }

    /** A period {@code [from, to)}: either end may be open, but {@code from} must come before {@code to}. */
    static void period(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiProblem.invalid("to", "to (" + to + ") must be after from (" + from + ")");
        }
    }

    /** {@code csv} (the default) or {@code json}, in any case. */
    static Format format(String text) {
        if (text == null || text.isBlank()) {
            return Format.CSV;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "csv" -> Format.CSV;
            case "json" -> Format.JSON;
            default -> throw ApiProblem.invalid("format", "format must be csv or json, got '" + text + "'");
        };
    }
}
