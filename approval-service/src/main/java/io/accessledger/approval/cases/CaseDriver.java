package io.accessledger.approval.cases;

import io.accessledger.approval.directory.DirectoryView;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import java.time.Clock;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Turns requests and the policy's verdicts into commands on their approval case. */
@Component
public class CaseDriver implements EventConsumer {
    private final CausedCommands commands;
    private final DirectoryView directory;
    private final Clock clock;

    public CaseDriver(CausedCommands commands, DirectoryView directory, Clock clock) {
        this.commands = commands;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "case-driver";
    }

    /**
     * Its effect lies in the handling transaction (its one command per event goes to the approval case, whose handler
     * only applies events): its polls are applied whole, in one transaction.
     */
    @Override
    public boolean effectInTransaction() {
        return true;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.REQUEST, Topic.POLICY);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        Object command = null;
        if (event instanceof RequestSubmitted s) {
            command = new ApprovalCase.OpenCase(s.requestId(), s.requesterId(), s.beneficiaryId(), s.entitlement(),
                    directory.managerChain(s.beneficiaryId()), envelope.id(), clock.instant(), s.accessDuration());
        } else if (event instanceof RequestWithdrawn w) {
            command = new ApprovalCase.CloseWithdrawn(w.requestId(), clock.instant());
        } else if (event instanceof PolicyEvaluated e) {
            command = new ApprovalCase.ApplyEvaluation(e.requestId(), e,
                    directory.managerChain(e.beneficiaryId()), envelope.id(), clock.instant());
        }
        if (command != null) {
            commands.send(command, envelope);
        }
    }
}
