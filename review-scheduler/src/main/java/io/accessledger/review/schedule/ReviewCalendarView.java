package io.accessledger.review.schedule;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.spine.inbound.EventConsumer;
import io.accessledger.spine.replay.ReadModel;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The review calendar ({@code review_calendar}): each provisioned grant's review date and expiry, projected from the
 * provisioning topic, and since when its revocation is asked for ({@code review_revocation_requested}: by its expiry or
 * for any other reason, after which its expiry need not be asked), projected from the service's own review topic. The
 * two are kept apart, so either topic may be projected first (as a rebuild may); the earliest request wins. Its only
 * writer and reader.
 */
@Component
public class ReviewCalendarView implements ReadModel {
    private final JdbcTemplate jdbc;

    public ReviewCalendarView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A time-limited grant whose expiry has come. */
    public record Expiring(GrantId grantId, RequestId requestId, EmployeeId employeeId, Entitlement entitlement,
            Instant expiresAt) {
    }

    @Override
    public String name() {
        return "review-calendar";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.PROVISIONING, Topic.REVIEW);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return EventConsumer.isOneOf(type, AccessProvisioned.class, AccessRevocationRequested.class);
    }

    @Override
    public List<String> tables() {
        return List.of("review_calendar", "review_revocation_requested");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof AccessProvisioned p) {
            jdbc.update("""
                    insert into review_calendar (grant_id, request_id, employee_id, entitlement, review_due_at,
                        expires_at) values (?, ?, ?, ?, ?, ?) on conflict do nothing""",
                    p.grantId().value(), p.requestId().value(), p.employeeId().value(), p.entitlement().toString(),
                    Timestamp.from(p.reviewDueAt()), p.expiresAt() == null ? null : Timestamp.from(p.expiresAt()));
        } else if (event instanceof AccessRevocationRequested r) {
            jdbc.update("""
                    insert into review_revocation_requested (grant_id, requested_at) values (?, ?)
                    on conflict (grant_id) do update set requested_at = least(review_revocation_requested.requested_at,
                        excluded.requested_at)""", r.grantId().value(), Timestamp.from(r.occurredAt()));
        }
    }

    /** Grants expired by {@code now} whose expiry was not asked for yet, oldest first (at most 500). */
    public List<Expiring> expiredBy(Instant now) {
        return jdbc.query("""
                select c.grant_id, c.request_id, c.employee_id, c.entitlement, c.expires_at from review_calendar c
                where c.expires_at <= ? and not exists (select 1 from review_revocation_requested r
                    where r.grant_id = c.grant_id)
                order by c.expires_at limit 500""",
                (row, n) -> new Expiring(GrantId.of(row.getString(1)), RequestId.of(row.getString(2)),
                        EmployeeId.of(row.getString(3)), Entitlement.parse(row.getString(4)),
                        row.getTimestamp(5).toInstant()), Timestamp.from(now));
    }
}
