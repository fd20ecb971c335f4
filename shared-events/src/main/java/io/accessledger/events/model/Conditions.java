package io.accessledger.events.model;

import java.time.Duration;

/**
 * Conditions attached to an approval. Conditions accumulate across stages: the shortest duration wins and a
 * requirement once set stays set.
 */
public record Conditions(Duration accessDuration, Boolean mfaRequired, Boolean monitoring) {
    public static final Conditions NONE = new Conditions(null, null, null);

    public Conditions mergedWith(Conditions other) {
        if (other == null) {
            return this;
        }
        Duration shortest = accessDuration == null ? other.accessDuration
                : other.accessDuration == null ? accessDuration
                : accessDuration.compareTo(other.accessDuration) <= 0 ? accessDuration : other.accessDuration;
        return new Conditions(shortest, either(mfaRequired, other.mfaRequired), either(monitoring, other.monitoring));
    }

    private static Boolean either(Boolean a, Boolean b) {
        if (a == null && b == null) {
            return null;
        }
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
    }
}
