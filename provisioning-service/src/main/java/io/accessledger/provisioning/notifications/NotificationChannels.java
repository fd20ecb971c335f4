package io.accessledger.provisioning.notifications;

import java.util.List;
import org.springframework.stereotype.Component;

/** The service's notification channels, as one resource for the {@link Notification} aggregate's handler. */
@Component
public class NotificationChannels {
    private final List<NotificationChannel> channels;

    public NotificationChannels(List<NotificationChannel> channels) {
        this.channels = List.copyOf(channels);
    }

    /** The configured channels, in order (e-mail first). */
    public List<NotificationChannel> active() {
        return channels.stream().filter(NotificationChannel::active).toList();
    }
}
