package io.accessledger.provisioning.notifications;

import java.util.Locale;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The notification channel's settings, {@code accessledger.notifications}. The SMTP server itself is Spring's
 * {@code spring.mail.*}.
 *
 * @param enabled whether notifications are sent at all; when false the consumer still acknowledges every event
 * @param from the sender address of the e-mails
 * @param tasksUrl the approvers' inbox, linked from every notification
 * @param chatWebhookUrl a Slack-compatible incoming webhook; the chat channel is skipped when it is unset
 * @param queues the address of each task queue ({@code IAM}, {@code SECURITY}, {@code COMPLIANCE}), for tasks
 *     assigned to a queue rather than a person; keys are matched without regard to case
 * @param expiringLead how long before a time-limited grant expires its holder and their manager are told
 *     (default 7 days)
 * @param smtpKeepAlive how long a connection to the SMTP server is kept open unused for the next message (default
 *     30 s, below the 5 minutes RFC 5321 asks servers to wait at least; zero: a connection per message)
 * @param reviewsUrl the reviewers' list of access review items, linked from every review notification
 */
@ConfigurationProperties("accessledger.notifications")
public record NotificationProperties(
        Boolean enabled,
        String from,
        String tasksUrl,
        String chatWebhookUrl,
        Map<String, String> queues,
        Duration expiringLead,
        Duration smtpKeepAlive,
        String reviewsUrl) {

    public NotificationProperties {
        enabled = enabled == null || enabled;
        from = from == null || from.isBlank() ? "accessledger@example.com" : from;
        tasksUrl = tasksUrl == null || tasksUrl.isBlank() ? "http://localhost:8083/api/v1/approvals/tasks" : tasksUrl;
        reviewsUrl = reviewsUrl == null || reviewsUrl.isBlank() ? "http://localhost:8085/api/v1/reviews/items"
                : reviewsUrl;
        chatWebhookUrl = chatWebhookUrl == null || chatWebhookUrl.isBlank() ? null : chatWebhookUrl;
        expiringLead = expiringLead == null ? Duration.ofDays(7) : expiringLead;
        smtpKeepAlive = smtpKeepAlive == null ? Duration.ofSeconds(30) : smtpKeepAlive.isNegative() ? Duration.ZERO : smtpKeepAlive;
        queues = queues == null ? Map.of() : queues.entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toUpperCase(Locale.ROOT), Map.Entry::getValue));
    }

    /** The configured address of a queue, if any. */
    public Optional<String> queueAddress(String queue) {
        return queue == null ? Optional.empty() : Optional.ofNullable(queues.get(queue.toUpperCase(Locale.ROOT)));
    }
}
