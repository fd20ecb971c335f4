package io.accessledger.request.intake;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.approval.RevisionRequested;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Tells each request what its approval case decided, so withdraw and revise are decided by the request itself. */
@Component
public class RequestOutcomes implements EventConsumer {
    private final CausedCommands commands;

    public RequestOutcomes(CausedCommands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "request-outcomes";
    }

    /**
     * Its effect lies in the handling transaction (its one command per event goes to the request, whose handler only
     * applies events): its polls are applied whole, in one transaction.
     */
    @Override
    public boolean effectInTransaction() {
        return true;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.APPROVAL);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        AccessRequest.NoteOutcome command = null;
        if (event instanceof RevisionRequested r) {
            command = new AccessRequest.NoteOutcome(r.requestId(), AccessRequest.Outcome.RETURNED, r.occurredAt());
        } else if (event instanceof AccessApproved a) {
            command = new AccessRequest.NoteOutcome(a.requestId(), AccessRequest.Outcome.DECIDED, a.occurredAt());
        } else if (event instanceof AccessDenied d) {
            command = new AccessRequest.NoteOutcome(d.requestId(), AccessRequest.Outcome.DECIDED, d.occurredAt());
        }
        if (command != null) {
            commands.send(command, envelope);
        }
    }
}
