package io.accessledger.review.schedule;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.spine.inbound.Causation;
import io.accessledger.spine.inbound.EventConsumer;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Set;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Puts every provisioned grant on the review calendar, and keeps the calendar view. */
@Component
public class ScheduleDriver implements EventConsumer {
    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ScheduleDriver(CommandGateway commands, JdbcTemplate jdbc, Clock clock) {
        this.commands = commands;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "schedule-driver";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.PROVISIONING);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof AccessProvisioned p) {
            jdbc.update("""
                    insert into review_calendar (grant_id, request_id, employee_id, entitlement, review_due_at,
                        expires_at) values (?, ?, ?, ?, ?, ?) on conflict do nothing""",
                    p.grantId().value(), p.requestId().value(), p.employeeId().value(), p.entitlement().toString(),
                    Timestamp.from(p.reviewDueAt()), p.expiresAt() == null ? null : Timestamp.from(p.expiresAt()));
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(new ReviewSchedule.ScheduleReview(
                    p.grantId(), p.requestId(), p.employeeId(), p.entitlement(), p.reviewDueAt(), p.expiresAt(),
                    EventId.of(Ids.nameBased(envelope.id() + "/scheduled")), clock.instant()))
                    .andMetaData(Causation.of(envelope)));
        }
    }
}
