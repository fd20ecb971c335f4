package io.accessledger.request.intake;

/** A change to a request that the request will not take: nothing is recorded, and the caller is told why. */
public class RequestRefused extends RuntimeException {
    /** Why, in the terms of the HTTP answer it becomes. */
    public enum Kind { NOT_ALLOWED, CLOSED, INVALID }

    private final Kind kind;
    private final String rule;

    public RequestRefused(Kind kind, String rule, String message) {
        super(message);
        this.kind = kind;
        this.rule = rule;
    }

    public Kind kind() {
        return kind;
    }

    public String rule() {
        return rule;
    }
}
