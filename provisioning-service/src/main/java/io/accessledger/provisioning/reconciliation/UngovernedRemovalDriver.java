package io.accessledger.provisioning.reconciliation;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.provisioning.UngovernedHandling;
import io.accessledger.events.review.UngovernedAccessRemovalRequested;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import java.time.Clock;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Turns a review's {@code UngovernedAccessRemovalRequested} into the {@link UngovernedRemoval} it asks for (cause
 * REVIEW, {@code removedBy} the reviewer, or null when the non-response policy asked). The removal's id derives from
 * the request's {@code ce_id}, so a redelivered request reaches the removal already made. The request carries only the
 * member's id; its sign-in name comes from the finding this service recorded ({@link UngovernedFindingsStore}), null when none.
 */
@Component
public class UngovernedRemovalDriver implements EventConsumer {
    private final CausedCommands commands;
    private final UngovernedFindingsStore findings;
    private final Clock clock;

    public UngovernedRemovalDriver(CausedCommands commands, UngovernedFindingsStore findings, Clock clock) {
        this.commands = commands;
        this.findings = findings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "ungoverned-removal";
    }

    /**
     * Record by record, never a poll in one transaction (the removal's command calls the target through the connector
     * while it is handled): a poll rolled back for another record
     * would do it a second time for the records of it that had succeeded.
     */
    @Override
    public boolean effectInTransaction() {
        return false;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.REVIEW);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return UngovernedAccessRemovalRequested.class.isAssignableFrom(type);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof UngovernedAccessRemovalRequested r) {
            commands.send(new UngovernedRemoval.RemoveUngovernedAccess(UngovernedRemoval.forRequest(envelope.id()),
                    r.findingId(), r.target(), r.entitlement(), r.group(),
                    new Connector.Member(r.memberId(), findings.userName(r.findingId(), r.memberId()).orElse(null)),
                    UngovernedHandling.REVIEW, r.requestedBy(), clock.instant()), envelope);
        }
    }
}
