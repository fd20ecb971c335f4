package io.accessledger.review.expiry;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.review.schedule.ReviewSchedule;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Time-limited access ends by itself: every minute (by the injected clock) each grant still held past its
 * {@code expiresAt} is asked to be revoked with reason EXPIRED, once; provisioning takes it away and records
 * {@code AccessExpired}.
 */
@Component
public class ExpiryWatch {
    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final Clock clock;

    public ExpiryWatch(JdbcTemplate jdbc, CommandGateway commands, Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${accessledger.review.expiry-watch-every:PT1M}", initialDelayString = "PT20S")
    public void watch() {
        Instant now = clock.instant();
        List<Map<String, Object>> expired = jdbc.queryForList("""
                select c.grant_id, c.request_id, c.employee_id, c.entitlement from review_calendar c
                where c.expires_at <= ? and c.expiry_requested_at is null
                  and exists (select 1 from held_grant h where h.grant_id = c.grant_id)
                order by c.expires_at limit 500""", Timestamp.from(now));
        for (Map<String, Object> grant : expired) {
            String grantId = (String) grant.get("grant_id");
            commands.sendAndWait(new ReviewSchedule.RequestRevocation(GrantId.of(grantId),
                    RequestId.of((String) grant.get("request_id")), EmployeeId.of((String) grant.get("employee_id")),
                    Entitlement.parse((String) grant.get("entitlement")), RevocationReason.EXPIRED, null,
                    "Time limit reached", EventId.of(Ids.nameBased("expiry:" + grantId)), now));
            jdbc.update("update review_calendar set expiry_requested_at = ? where grant_id = ?", Timestamp.from(now),
                    grantId);
        }
    }
}
