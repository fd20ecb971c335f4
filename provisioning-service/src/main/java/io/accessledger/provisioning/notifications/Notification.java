package io.accessledger.provisioning.notifications;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.ids.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One notification, caused by one event (its id derives from the cause's {@code ce_id}): rendered and sent in
 * command handling, then recorded as {@link NotificationSent}. A redelivered or replayed cause reaches the same
 * notification, which was sent already, and sends nothing. If a channel fails, the handler throws, nothing is
 * recorded, and the cause is retried (and dead-lettered when the retries are spent). So each cause is sent at least
 * once per channel: should one channel fail after another succeeded, the retry sends on both again.
 */
@Aggregate
public class Notification {
    @AggregateIdentifier
    private String notificationId;

    protected Notification() {
    }

    /** The notification for a cause: the same cause, the same notification. */
    public static String idFor(String causeEventId) {
        return "N-" + Ids.nameBased("notification:" + causeEventId);
    }

    /** Send the named template, filled with these values, to this recipient, on every active channel. */
    public record SendNotification(@TargetAggregateIdentifier String notificationId, String template,
            Recipient recipient, Map<String, String> values, String causeEventId, Instant at) {
        public SendNotification {
            values = Map.copyOf(values);
        }
    }

    /** Recorded in the notification (internal, not in the event catalog, so never published). */
    public record NotificationSent(String notificationId, String channel, String recipient, String subject,
            String causeEventId, Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(SendNotification c, NotificationTemplates templates, NotificationChannels channels) {
        if (notificationId != null) {
            return;
        }
        NotificationMessage message = templates.render(c.template(), c.values());
        List<NotificationChannel> active = channels.active();
        if (active.isEmpty()) {
            throw new NotificationFailed("No notification channel is configured");
        }
        for (NotificationChannel channel : active) {
            channel.send(c.recipient(), message);
        }
        for (NotificationChannel channel : active) {
            apply(new NotificationSent(c.notificationId(), channel.name(), c.recipient().address(),
                    message.subject(), c.causeEventId(), c.at()));
        }
    }

    @EventSourcingHandler
    void on(NotificationSent e) {
        notificationId = e.notificationId();
    }
}
