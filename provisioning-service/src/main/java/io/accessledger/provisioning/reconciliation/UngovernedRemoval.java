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
 *
 * <p>IAM may send a FAILED removal back to its target ({@link RetryUngovernedRemoval}, internal
 * {@link UngovernedRemovalRetried}: RETRYING). The target is then called by {@link UngovernedRemovalRetry} through the same
 * {@link UngovernedRemover}, outside the aggregate, so that a repeated retry while one runs is refused rather than
 * queued behind it; what came of it comes back as {@link RecordRemovalRetry} and is recorded like the first attempt.
 * A retry whose instance died is left RETRYING; after {@link UngovernedRemovalRules#STALE_AFTER} it may be retried again.
 */
@Aggregate
public class UngovernedRemoval {
    @AggregateIdentifier
    private String removalId;
    private UngovernedRemovalRules.Status status;
    private Instant retryingSince;
    private String findingId;
    private String target;
    private Entitlement entitlement;
    private String group;
    private Member member;
    private UngovernedHandling cause;
    private EmployeeId removedBy;

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

    /** IAM ({@code by}) sends a FAILED removal back to its target; answers what is to be removed. */
    public record RetryUngovernedRemoval(@TargetAggregateIdentifier String removalId, EmployeeId by, Instant at) {
    }

    /** What a retry is to take out, as the first attempt was asked. */
    public record Removing(String target, Entitlement entitlement, Member member) {
    }

    /** What came of a retry's call of the target. */
    public record RecordRemovalRetry(@TargetAggregateIdentifier String removalId, UngovernedRemover.Outcome outcome,
            Instant at) {
    }

    /** IAM sent a failed removal back to its target (internal, never published). */
    public record UngovernedRemovalRetried(String removalId, EmployeeId by, Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RemoveUngovernedAccess c, UngovernedRemover remover) {
        if (removalId != null) {
            return;
        }
        record(c.removalId(), c.findingId(), c.target(), c.entitlement(), c.group(), c.member(), c.cause(),
                c.removedBy(), remover.remove(c.target(), c.entitlement(), c.member(), c.at()), c.at());
    }

    @CommandHandler
    public Removing handle(RetryUngovernedRemoval c) {
        UngovernedRemovalRules.mayRetry(removalId, status, retryingSince, c.at()).ifPresent(refusal -> {
            throw refusal;
        });
        apply(new UngovernedRemovalRetried(removalId, c.by(), c.at()));
        return new Removing(target, entitlement, member);
    }

    @CommandHandler
    public void handle(RecordRemovalRetry c) {
        if (status != UngovernedRemovalRules.Status.RETRYING) {
            return;
        }
        record(removalId, findingId, target, entitlement, group, member, cause, removedBy, c.outcome(), c.at());
    }

    /** Records what came of a call of the target: the first attempt's or a retry's. */
    private static void record(String removalId, String findingId, String target, Entitlement entitlement,
            String group, Member member, UngovernedHandling cause, EmployeeId removedBy,
            UngovernedRemover.Outcome outcome, Instant at) {
        if (outcome instanceof UngovernedRemover.Outcome.Failed failed) {
            apply(new UngovernedRemovalFailed(removalId, findingId, target, entitlement, group, member.targetId(),
                    member.userName(), cause, removedBy, failed.attempts(), failed.answer(), at));
            return;
        }
        UngovernedRemover.Outcome.Removed removed = (UngovernedRemover.Outcome.Removed) outcome;
        apply(new UngovernedRemovalDone(removalId, findingId, target, member.targetId(), cause, removed.attempts(),
                removed.reference(), at));
        apply(new UngovernedAccessRemoved(EventId.of(Ids.nameBased("ungoverned-removal/" + removalId + "/removed")),
                findingId, target, entitlement, group, member.targetId(), member.userName(), cause, removedBy, at));
    }

    @EventSourcingHandler
    void on(UngovernedRemovalDone e) {
        removalId = e.removalId();
        status = UngovernedRemovalRules.Status.REMOVED;
    }

    @EventSourcingHandler
    void on(UngovernedRemovalFailed e) {
        removalId = e.removalId();
        status = UngovernedRemovalRules.Status.FAILED;
        findingId = e.findingId();
        target = e.target();
        entitlement = e.entitlement();
        group = e.group();
        member = new Member(e.memberId(), e.userName());
        cause = e.cause();
        removedBy = e.removedBy();
    }

    @EventSourcingHandler
    void on(UngovernedRemovalRetried e) {
        status = UngovernedRemovalRules.Status.RETRYING;
        retryingSince = e.at();
    }
}
