package io.accessledger.provisioning.notifications;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.provisioning.grants.GrantView;
import io.accessledger.spine.jobs.JobLeases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * "Expiring soon": every few minutes, each active grant that expires within
 * {@code accessledger.notifications.expiring-lead} is announced to its holder and their manager. The notification's
 * cause is the grant's expiry itself ({@code grantId@expiresAt}), so however often the watch runs, and on however
 * many instances, each expiry is announced once per recipient (the {@link Notification} aggregate sends once). It
 * reads {@link GrantView}, which lags the grants by the topic's round trip: a grant provisioned moments ago is
 * announced at the next watch.
 */
@Component
public class ExpiryReminders {
    private static final Logger log = LoggerFactory.getLogger(ExpiryReminders.class);
    private final GrantView grants;
    private final GrantNotifications notifications;
    private final NotificationProperties properties;
    private final Clock clock;
    private final JobLeases leases;

    public ExpiryReminders(GrantView grants, GrantNotifications notifications, NotificationProperties properties,
            Clock clock, JobLeases leases) {
        this.leases = leases;
        this.grants = grants;
        this.notifications = notifications;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${accessledger.notifications.expiry-watch-every:PT5M}", initialDelayString = "PT5S")
    public void watch() {
        if (!properties.enabled()) {
            return;
        }
        // One instance at a time: two runs at once could both mail before either records the notification.
        leases.runExclusively("expiry-reminders", Duration.ofSeconds(30), Duration.ofMinutes(10), this::remind);
    }

    private void remind() {
        Instant now = clock.instant();
        List<GrantView.Listed> expiring = grants.expiring(now, now.plus(properties.expiringLead()), 500);
        for (GrantView.Listed grant : expiring) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("access", grant.entitlement());
            values.put("target", grant.target());
            values.put("expiresAt", grant.expiresAt().toString());
            values.put("conditions", "time-limited");
            values.put("grantId", grant.grantId());
            values.put("requestId", grant.requestId());
            try {
                notifications.send(NotificationTemplates.ACCESS_EXPIRING, EmployeeId.of(grant.employeeId()), values,
                        "expiring:" + grant.grantId() + "@" + grant.expiresAt(), false, null);
            } catch (RuntimeException e) {
                log.warn("Could not announce the expiry of grant {} yet (tried again at the next watch): {}",
                        grant.grantId(), e.getMessage());
            }
        }
    }
}
