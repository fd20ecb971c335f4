package io.accessledger.policy.evaluation;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.policy.ConflictFlagged;
import io.accessledger.events.policy.PolicyEvaluated;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The policy's verdicts on one request (one per submission or revision). Event ids derive from the id of the
 * event that caused the evaluation, so the same cause can never produce two different verdicts.
 */
@Aggregate
public class RequestEvaluation {
    @AggregateIdentifier
    private RequestId requestId;

    protected RequestEvaluation() {
    }

    public record RecordEvaluation(@TargetAggregateIdentifier RequestId requestId, EmployeeId beneficiaryId,
            Entitlement entitlement, Evaluator.Evaluation evaluation, String causeId, Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordEvaluation c) {
        Evaluator.Evaluation e = c.evaluation();
        for (int i = 0; i < e.conflicts().size(); i++) {
            PolicyRules.Conflict conflict = e.conflicts().get(i);
            apply(new ConflictFlagged(EventId.of(Ids.nameBased(c.causeId() + "/conflict/" + i)), c.requestId(),
                    e.policyVersion(), conflict.rule().id(), conflict.rule().name(), conflict.rule().severity(),
                    c.entitlement(), conflict.conflicting(), conflict.source(), conflict.rule().mitigation(), c.at()));
        }
        apply(new PolicyEvaluated(EventId.of(Ids.nameBased(c.causeId() + "/evaluated")), c.requestId(),
                e.policyVersion(), c.beneficiaryId(), c.entitlement(), e.resource(), e.findings(), e.riskLevel(),
                e.requiredStages(), e.autoApprovable(), e.maxDuration(), e.reviewCadence(), e.taskDueAfter(), c.at()));
    }

    @EventSourcingHandler
    void on(ConflictFlagged event) {
        requestId = event.requestId();
    }

    @EventSourcingHandler
    void on(PolicyEvaluated event) {
        requestId = event.requestId();
    }
}
