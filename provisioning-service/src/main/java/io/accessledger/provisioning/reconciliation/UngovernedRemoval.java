package io.accessledger.provisioning.reconciliation;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.provisioning.UngovernedAccessRemoved;
import io.accessledger.events.provisioning.UngovernedHandling;
import io.accessledger.provisioning.connectors.Connector.Member;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One removal of ungoverned access from a target, caused by one thing: a review's {@code UngovernedAccessRemovalRequested}
 * (cause REVIEW; id from the request's {@code ce_id}) or a run of a target whose policy is {@code on-ungoverned:
 * REMOVE} (cause REMOVE; id from the run and the finding). The member is taken out in command handling through
 * {@link UngovernedRemover} (the connector, with bounded retries), then recorded: {@code UngovernedAccessRemoved}
 * (published, after the internal {@link UngovernedRemovalDone}) or {@link UngovernedRemovalFailed} (internal, with the target's answer; shown by
 * {@link UngovernedRemovalsView}). A redelivered or repeated cause reaches the same removal, which has ended, and
 * calls no target again. A crash between the target's answer and the event makes the call again, which the
 * idempotent connector answers as done.
 */
@Aggregate
public class UngovernedRemoval {
    @AggregateIdentifier
    private String removalId;

    protected UngovernedRemoval() {
    }

    /** The removal a review's request causes: the same request (by its {@code ce_id}), the same removal. */
    public static String forRequest(String causeEventId) {
        return "UR-" + Ids.nameBased("ungoverned-removal:" + causeEventId);
    }

    /** The removal a run with {@code on-ungoverned: REMOVE} makes of one finding. */
    public static String forRun(String reconciliationId, String findingId) {
        return "UR-" + Ids.nameBased("ungoverned-removal:" + reconciliationId + "/" + findingId);
    }

    /** Take {@code member} out of {@code group} on {@code target}; {@code removedBy} who asked (may be null). */
    public record RemoveUngovernedAccess(@TargetAggregateIdentifier String removalId, String findingId,
            String target, Entitlement entitlement, String group, Member member, UngovernedHandling cause,
            EmployeeId removedBy, Instant at) {
    }

    /** The removal could not be made: the target's answer and the attempts (internal, never published). */
    public record UngovernedRemovalFailed(String removalId, String findingId, String target, Entitlement entitlement,
            String group, String memberId, String userName, UngovernedHandling cause, EmployeeId removedBy,
            int attempts, String answer, Instant at) {
    }

    /** The target took the member out: its reference and the attempts (internal, never published). */
    public record UngovernedRemovalDone(String removalId, String findingId, String target, String memberId,
            UngovernedHandling cause, int attempts, String reference, Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RemoveUngovernedAccess c, UngovernedRemover remover) {
        if (removalId != null) {
            return;
        }
        UngovernedRemover.Outcome outcome = remover.remove(c.target(), c.entitlement(), c.member());
        if (outcome instanceof UngovernedRemover.Outcome.Failed failed) {
            apply(new UngovernedRemovalFailed(c.removalId(), c.findingId(), c.target(), c.entitlement(), c.group(),
                    c.member().targetId(), c.member().userName(), c.cause(), c.removedBy(), failed.attempts(),
                    failed.answer(), c.at()));
            return;
        }
        UngovernedRemover.Outcome.Removed removed = (UngovernedRemover.Outcome.Removed) outcome;
        apply(new UngovernedRemovalDone(c.removalId(), c.findingId(), c.target(), c.member().targetId(), c.cause(),
                removed.attempts(), removed.reference(), c.at()));
        apply(new UngovernedAccessRemoved(EventId.of(Ids.nameBased("ungoverned-removal/" + c.removalId()
                + "/removed")), c.findingId(), c.target(), c.entitlement(), c.group(), c.member().targetId(),
                c.member().userName(), c.cause(), c.removedBy(), c.at()));
    }

    @EventSourcingHandler
    void on(UngovernedRemovalDone e) {
        removalId = e.removalId();
    }

    @EventSourcingHandler
    void on(UngovernedRemovalFailed e) {
        removalId = e.removalId();
    }
}
