package io.accessledger.approval.cases;

import io.accessledger.approval.directory.DirectoryView;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import io.accessledger.spine.inbound.HandledEvents;
import io.accessledger.spine.inbound.NotYet;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Turns requests and the policy's verdicts into commands on their approval case. */
@Component
public class CaseDriver implements EventConsumer {
    private final CausedCommands commands;
    private final DirectoryView directory;
    private final Clock clock;
    private final HandledEvents handled;

    public CaseDriver(CausedCommands commands, DirectoryView directory, Clock clock, HandledEvents handled) {
        this.commands = commands;
        this.directory = directory;
        this.clock = clock;
        this.handled = handled;
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
                    managerChainOf(s, envelope), envelope.id(), clock.instant(), s.accessDuration());
        } else if (event instanceof RequestRevised r) {
            command = new ApprovalCase.ApplyRevision(r.requestId(), r.accessDuration());
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

    /**
     * The beneficiary's manager chain, once the manager directory (another consumer, on the identity topic) can give
     * it. A joiner's or mover's request follows its {@code EmployeeHired} / {@code EmployeeTransferred} at once, and
     * any request may follow its beneficiary's hire closely (request-service admits requests only for people in its
     * own directory, whose identity events are on their way here): routed before the directory has caught up, a
     * mover's MANAGER task would go to the old manager, who no longer answers for the position, and anyone else's to
     * the IAM queue (no manager known). So a request waits ({@link NotYet}: parked, woken when the directory handles a
     * record, with no time bound but the spine's park-max-age) while its beneficiary has no row in the directory, and
     * a joiner's or mover's also until the directory has handled the identity event that caused it, as
     * policy-service's evaluation waits for its own access view. The case reads the chain again when it applies the
     * verdict, which the directory only makes newer.
     */
    private List<EmployeeId> managerChainOf(RequestSubmitted s, Envelope envelope) {
        boolean fromHris = s.source() == RequestSource.HRIS_JOINER || s.source() == RequestSource.HRIS_MOVER;
        String cause = envelope.causationId();
        if (fromHris && cause != null && !handled.handled(directory.name(), cause)) {
            throw new NotYet("identity event " + cause + " (the cause of " + s.requestId() + ") in the manager"
                    + " directory");
        }
        return directory.knownChain(s.beneficiaryId()).orElseThrow(() -> new NotYet("the beneficiary "
                + s.beneficiaryId() + " of " + s.requestId() + " in the manager directory"));
    }
}
