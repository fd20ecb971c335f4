package io.accessledger.request.intake;

import io.accessledger.events.policy.document.PolicyDocument;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checks at the door, each a named, pure function: a {@link Refusal} naming the rule, or nothing. A refused
 * request is answered 422 and emits no event.
 */
public final class IntakeRules {
    static final int MINIMUM_JUSTIFICATION_LENGTH = 15;
    private static final Set<String> PLACEHOLDERS = Set.of("n/a", "na", "none", "-", ".", "...", "access", "test",
            "testing", "asdf", "tbd", "todo", "please", "need access", "xxx");

    private IntakeRules() {
    }

    /** Why a request is refused at the door: the rule, the field, and what to do about it. */
    public record Refusal(String rule, String field, String message) {
    }

    /** Every rule of the door, in the order a person would fix them: the first refusal, or nothing. */
    public static Optional<Refusal> atTheDoor(PolicyDocument policy, String resourceId, String level,
            String justification, Duration duration) {
        return java.util.stream.Stream.of(
                        justificationMissing(justification),
                        justificationPlaceholder(justification),
                        justificationTooShort(justification),
                        unknownResource(policy, resourceId),
                        unknownLevel(policy, resourceId, level),
                        durationNotPositive(duration),
                        durationAboveMaximum(policy, resourceId, duration))
                .flatMap(Optional::stream).findFirst();
    }

    public static Optional<Refusal> justificationMissing(String justification) {
        if (justification == null || justification.isBlank()) {
            return refuse("justificationMissing", "justification",
                    "A business justification is required: say what the access is for.");
        }
        return Optional.empty();
    }

    public static Optional<Refusal> justificationPlaceholder(String justification) {
        String text = justification == null ? "" : justification.trim().toLowerCase(Locale.ROOT);
        boolean placeholder = PLACEHOLDERS.contains(text) || text.chars().distinct().count() <= 2;
        if (!text.isEmpty() && placeholder) {
            return refuse("justificationPlaceholder", "justification",
                    "'" + justification.trim() + "' is a placeholder, not a justification.");
        }
        return Optional.empty();
    }

    public static Optional<Refusal> justificationTooShort(String justification) {
        String text = justification == null ? "" : justification.trim();
        if (!text.isEmpty() && text.length() < MINIMUM_JUSTIFICATION_LENGTH) {
            return refuse("justificationTooShort", "justification", "A justification needs at least "
                    + MINIMUM_JUSTIFICATION_LENGTH + " characters; this one has " + text.length() + ".");
        }
        return Optional.empty();
    }

    public static Optional<Refusal> unknownResource(PolicyDocument policy, String resourceId) {
        if (policy.resource(resourceId).isEmpty()) {
            return refuse("unknownResource", "resourceId", "No resource '" + resourceId + "' in the catalog.");
        }
        return Optional.empty();
    }

    public static Optional<Refusal> unknownLevel(PolicyDocument policy, String resourceId, String level) {
        boolean known = policy.resource(resourceId).flatMap(resource -> resource.level(level)).isPresent();
        if (!known) {
            return refuse("unknownLevel", "accessLevel", "'" + resourceId + "' has no access level '" + level + "'.");
        }
        return Optional.empty();
    }

    public static Optional<Refusal> durationAboveMaximum(PolicyDocument policy, String resourceId,
            Duration requested) {
        Duration maximum = policy.resource(resourceId).map(PolicyDocument.Resource::maxDuration).orElse(null);
        if (requested != null && maximum != null && requested.compareTo(maximum) > 0) {
            return refuse("durationAboveMaximum", "accessDuration", "'" + resourceId + "' may be granted for at most "
                    + maximum.toDays() + " days; " + requested.toDays() + " days were asked.");
        }
        return Optional.empty();
    }

    public static Optional<Refusal> durationNotPositive(Duration requested) {
        if (requested != null && (requested.isNegative() || requested.isZero())) {
            return refuse("durationNotPositive", "accessDuration", "An access duration must be positive.");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(String rule, String field, String message) {
        return Optional.of(new Refusal(rule, field, message));
    }
}
