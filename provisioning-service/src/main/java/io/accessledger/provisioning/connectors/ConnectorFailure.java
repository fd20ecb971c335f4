package io.accessledger.provisioning.connectors;

import java.time.Duration;

/**
 * A connector's call did not succeed. {@link #isTransient()} failures (time-outs, refused connections, 429, 5xx) are
 * tried again later; permanent ones (the target's other 4xx refusals, a target configured wrongly) fail the grant at
 * once. {@link #answer()} is what the target said, short enough for an event and a person to read.
 */
public class ConnectorFailure extends RuntimeException {
    private static final int MAX_ANSWER = 1000;
    private final boolean transientFailure;
    private final Duration retryAfter;
    private final String answer;

    private ConnectorFailure(boolean transientFailure, String answer, Duration retryAfter, Throwable cause) {
        super(answer, cause);
        this.transientFailure = transientFailure;
        this.answer = answer == null ? "" : answer.length() > MAX_ANSWER ? answer.substring(0, MAX_ANSWER) + "…"
                : answer;
        this.retryAfter = retryAfter;
    }

    /** Worth trying again; {@code retryAfter} is the target's own hint (Retry-After, a rate-limit reset), or null. */
    public static ConnectorFailure transientFailure(String answer, Duration retryAfter, Throwable cause) {
        return new ConnectorFailure(true, answer, retryAfter, cause);
    }

    /** Trying again would get the same answer. */
    public static ConnectorFailure permanent(String answer) {
        return new ConnectorFailure(false, answer, null, null);
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** The target's hint when to call again, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public String answer() {
        return answer;
    }
}
