package io.accessledger.spine.inbound;

/** Thrown by a consumer for an event that can never be handled, however often it is tried: a dead letter at once. */
public class PermanentFailure extends RuntimeException {
    public PermanentFailure(String reason) {
        super(reason);
    }

    public PermanentFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
