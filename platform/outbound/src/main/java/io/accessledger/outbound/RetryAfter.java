package io.accessledger.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The target's hint when to call again (RFC 9110 section 10.2.3 {@code Retry-After}: delay-seconds or an HTTP-date),
 * and the same for a reset given as epoch seconds (Okta's {@code X-Rate-Limit-Reset}). Never negative; null when the
 * target gave no usable hint.
 */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** {@code Retry-After: 120} or {@code Retry-After: Fri, 31 Dec 1999 23:59:59 GMT}, relative to the clock. */
    public static Duration fromHeader(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            long seconds = Long.parseLong(text);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return until(at, clock);
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** A reset at {@code epochSeconds} (UTC), as the wait from the clock's now. */
    public static Duration untilEpochSeconds(String epochSeconds, Clock clock) {
        Instant at = epochSecondsInstant(epochSeconds);
        return at == null ? null : until(at, clock);
    }

    /** The instant of an epoch-seconds header value, or null if there is none or it is not a number. */
    public static Instant epochSecondsInstant(String epochSeconds) {
        if (epochSeconds == null || epochSeconds.isBlank()) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(epochSeconds.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The wait from now until {@code at}; zero if that is past. */
    public static Duration until(Instant at, Clock clock) {
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
