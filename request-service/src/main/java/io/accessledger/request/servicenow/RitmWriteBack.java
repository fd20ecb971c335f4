package io.accessledger.request.servicenow;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.WriteBackOutcome;
import io.accessledger.events.request.ServiceNowItemUpdated;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The write-back of one AccessLedger event (the cause) to its ServiceNow RITM, identified by the cause: its outcomes
 * become {@link ServiceNowItemUpdated} events, each outcome once. A redelivered cause records nothing new (DELIVERED
 * is final; a FAILED after a FAILED adds nothing); a delivery after a failure is recorded.
 */
@Aggregate
public class RitmWriteBack {
    @AggregateIdentifier
    private String writeBackId;
    private WriteBackOutcome outcome;

    protected RitmWriteBack() {
    }

    /** The id of the write-back of this cause. */
    public static String idFor(EventId cause) {
        return "servicenow-writeback:" + cause.value();
    }

    /** Record how one write-back ended; returns whether an event was recorded. */
    public record RecordWriteBack(@TargetAggregateIdentifier String writeBackId, RequestId requestId, String sysId,
            String ritmNumber, String state, String workNote, WriteBackOutcome outcome, int attempts,
            String targetAnswer, EventId causeEventId, Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean handle(RecordWriteBack c) {
        if (outcome == WriteBackOutcome.DELIVERED || outcome == c.outcome()) {
            return false;
        }
        EventId eventId = EventId.of(Ids.nameBased(c.writeBackId() + ":" + c.outcome().name()));
        apply(new ServiceNowItemUpdated(eventId, c.requestId(), c.sysId(), c.ritmNumber(), c.state(), c.workNote(),
                c.outcome(), c.attempts(), c.outcome() == WriteBackOutcome.FAILED ? c.targetAnswer() : null,
                c.causeEventId(), c.at()));
        return true;
    }

    @EventSourcingHandler
    void on(ServiceNowItemUpdated event) {
        writeBackId = idFor(event.causeEventId());
        outcome = event.outcome();
    }
}
