package io.accessledger.request.hris;

import java.time.Duration;
import java.time.Instant;

/** Webhook timestamps: Unix seconds, accepted only within a tolerance either side of now. */
public final class Timestamps {
    private Timestamps() {
    }

    public static Instant epochSeconds(String value) {
        if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(Character::isDigit)) {
            throw WebhookRejection.staleTimestamp();
        }
        return Instant.ofEpochSecond(Long.parseLong(value));
    }

    public static void requireWithin(Instant sent, Instant now, Duration tolerance) {
        if (Duration.between(sent, now).abs().compareTo(tolerance) > 0) {
            throw WebhookRejection.staleTimestamp();
        }
    }
}
