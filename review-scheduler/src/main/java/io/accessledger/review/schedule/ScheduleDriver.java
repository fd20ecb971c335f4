package io.accessledger.review.schedule;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import java.time.Clock;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Puts every provisioned grant on its review schedule (the calendar view is {@link ReviewCalendarView}). */
@Component
public class ScheduleDriver implements EventConsumer {
    private final CausedCommands commands;
    private final Clock clock;

    public ScheduleDriver(CausedCommands commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "schedule-driver";
    }

    /**
     * Its effect lies in the handling transaction (its one command per event goes to the grant's review schedule, whose
     * handler only applies events): its polls are applied whole, in one transaction.
     */
    @Override
    public boolean effectInTransaction() {
        return true;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.PROVISIONING);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof AccessProvisioned p) {
            commands.send(new ReviewSchedule.ScheduleReview(p.grantId(), p.requestId(), p.employeeId(),
                    p.entitlement(), p.reviewDueAt(), p.expiresAt(),
                    EventId.of(Ids.nameBased(envelope.id() + "/scheduled")), clock.instant()), envelope);
        }
    }
}
