package io.accessledger.provisioning.reconciliation;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.provisioning.AccessDriftDetected;
import io.accessledger.events.provisioning.ReconciliationCompleted;
import io.accessledger.events.provisioning.ReconciliationOutcome;
import io.accessledger.events.provisioning.ReconciliationStarted;
import io.accessledger.events.provisioning.ReconciliationTrigger;
import io.accessledger.events.provisioning.UngovernedAccessDetected;
import io.accessledger.events.provisioning.UngovernedHandling;
import io.accessledger.provisioning.connectors.Connector.Member;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One reconciliation of one target: records what the {@link ReconciliationRunner} found, group by group, as the
 * published events ({@code ReconciliationStarted}, {@code UngovernedAccessDetected}, {@code AccessDriftDetected},
 * {@code ReconciliationCompleted}). It calls no target. Event ids derive from the run and what was found, so a
 * command sent twice records nothing twice; once completed it records nothing more.
 */
@Aggregate
public class Reconciliation {
    @AggregateIdentifier
    private String reconciliationId;
    private String target;
    private boolean ended;

    protected Reconciliation() {
    }

    public record StartReconciliation(@TargetAggregateIdentifier String reconciliationId, String target,
            ReconciliationTrigger trigger, EmployeeId requestedBy, List<Entitlement> entitlements, Instant at) {
    }

    /**
     * One group compared. {@code employees} names the person (by member id) a member's login belongs to, where the
     * directory knows one.
     */
    public record RecordComparison(@TargetAggregateIdentifier String reconciliationId, Entitlement entitlement,
            String group, List<Member> ungoverned, Map<String, EmployeeId> employees, UngovernedHandling handling,
            List<ReconciliationRules.ActiveGrant> drifted, Instant at) {
    }

    public record CompleteReconciliation(@TargetAggregateIdentifier String reconciliationId,
            ReconciliationOutcome outcome, long membersRead, long grantsCompared, long ungoverned, long drifted,
            String failure, Instant at) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(StartReconciliation c) {
        if (reconciliationId != null) {
            return;
        }
        apply(new ReconciliationStarted(eventId(c.reconciliationId(), "started"), c.reconciliationId(), c.target(),
                c.trigger(), c.requestedBy(), c.entitlements(), c.at()));
    }

    @CommandHandler
    public void handle(RecordComparison c) {
        if (ended) {
            return;
        }
        for (Member member : c.ungoverned()) {
            apply(new UngovernedAccessDetected(eventId(reconciliationId, "ungoverned/" + c.group() + "/"
                    + member.targetId()), ReconciliationRules.findingId(target, c.group(), member.targetId()),
                    reconciliationId, target, c.entitlement(), c.group(), member.targetId(), member.userName(),
                    c.employees().get(member.targetId()), c.handling(), c.at()));
        }
        for (ReconciliationRules.ActiveGrant grant : c.drifted()) {
            apply(new AccessDriftDetected(eventId(reconciliationId, "drift/" + grant.grantId()), reconciliationId,
                    GrantId.of(grant.grantId()), RequestId.of(grant.requestId()), EmployeeId.of(grant.employeeId()),
                    c.entitlement(), target, c.group(), c.at()));
        }
    }

    @CommandHandler
    public void handle(CompleteReconciliation c) {
        if (ended) {
            return;
        }
        apply(new ReconciliationCompleted(eventId(reconciliationId, "completed"), reconciliationId, target,
                c.outcome(), c.membersRead(), c.grantsCompared(), c.ungoverned(), c.drifted(), c.failure(), c.at()));
    }

    private static EventId eventId(String reconciliationId, String what) {
        return EventId.of(Ids.nameBased("reconciliation/" + reconciliationId + "/" + what));
    }

    @EventSourcingHandler
    void on(ReconciliationStarted e) {
        reconciliationId = e.reconciliationId();
        target = e.target();
    }

    @EventSourcingHandler
    void on(ReconciliationCompleted e) {
        ended = true;
    }
}
