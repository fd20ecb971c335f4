package io.accessledger.provisioning.notifications;

import java.util.ArrayList;
import java.util.List;

/** A notification channel for tests: records what it was asked to send, or fails when told to. */
final class RecordingChannel implements NotificationChannel {
    record Sent(Recipient to, NotificationMessage message) {
    }

    private final String name;
    private final boolean active;
    private final String failure;
    final List<Sent> sent = new ArrayList<>();

    private RecordingChannel(String name, boolean active, String failure) {
        this.name = name;
        this.active = active;
        this.failure = failure;
    }

    static RecordingChannel working(String name) {
        return new RecordingChannel(name, true, null);
    }

    static RecordingChannel inactive(String name) {
        return new RecordingChannel(name, false, null);
    }

    static RecordingChannel failing(String name, String failure) {
        return new RecordingChannel(name, true, failure);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean active() {
        return active;
    }

    @Override
    public void send(Recipient to, NotificationMessage message) {
        if (failure != null) {
            throw new NotificationFailed(failure);
        }
        sent.add(new Sent(to, message));
    }
}
