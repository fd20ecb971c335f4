package io.accessledger.spine.commands;

import java.util.Objects;

/**
 * A command that an aggregate or a rule will not take: nothing is recorded, and the caller is told why, by the
 * named rule that refused. The one refusal type of the suite; the HTTP edge maps it once (403, 409, 422).
 */
public class Refused extends RuntimeException {
    /** Why, in the terms of the answer it becomes. */
    public enum Kind {
        /** The caller may not do this (403). */
        NOT_ALLOWED,
        /** The thing is closed or already decided (409). */
        CLOSED,
        /** The state does not allow it now (409). */
        CONFLICT,
        /** Well-formed but not acceptable (422). */
        INVALID
    }

    private final Kind kind;
    private final String rule;

    public Refused(Kind kind, String rule, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    public static Refused notAllowed(String rule, String message) {
        return new Refused(Kind.NOT_ALLOWED, rule, message);
    }

    public static Refused closed(String rule, String message) {
        return new Refused(Kind.CLOSED, rule, message);
    }

    public static Refused conflict(String rule, String message) {
        return new Refused(Kind.CONFLICT, rule, message);
    }

    public static Refused invalid(String rule, String message) {
        return new Refused(Kind.INVALID, rule, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The name of the rule that refused, e.g. {@code nobodyApprovesTheirOwnRequest}: the problem's slug. */
    public String rule() {
        return rule;
    }
}
