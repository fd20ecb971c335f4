package io.accessledger.provisioning.notifications;

/**
 * A notification could not be sent (or not even addressed). Thrown out of the consumer so the spine retries the
 * event a bounded number of times and then dead-letters it with this message as the reason; nothing is recorded
 * as sent.
 */
public class NotificationFailed extends RuntimeException {
    public NotificationFailed(String message) {
        super(message);
    }

    public NotificationFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
