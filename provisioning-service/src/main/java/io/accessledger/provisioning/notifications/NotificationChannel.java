package io.accessledger.provisioning.notifications;

/** One way a notification reaches people: e-mail, a chat webhook. */
public interface NotificationChannel {
    /** A stable name, recorded in {@code NotificationSent}. */
    String name();

    /** Whether the channel is configured; an inactive channel is skipped. */
    boolean active();

    /**
     * Delivers the message, or throws {@link NotificationFailed}. Called only from command handling, never from an
     * event handler or projection, so a replay never sends again.
     */
    void send(Recipient to, NotificationMessage message);
}
