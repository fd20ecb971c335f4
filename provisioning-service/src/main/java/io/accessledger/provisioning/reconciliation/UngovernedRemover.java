package io.accessledger.provisioning.reconciliation;

import io.accessledger.events.model.Entitlement;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.provisioning.connectors.ConnectorFailure;
import io.accessledger.provisioning.connectors.TargetSettings;
import io.accessledger.provisioning.connectors.Targets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Takes one ungoverned member out of a target group through the target's connector
 * ({@link Connector#removeMember}), asking again after transient failures with the reconciliation's bounded
 * retries ({@link TransientRetries}: {@code max-retries}, {@code retry-wait}, {@code max-wait}). Never throws for
 * what the target answers: a permanent refusal, or the retries spent, is a {@link Outcome.Failed} with the answer.
 * A member who holds an active grant of the entitlement by now ({@link ActiveGrants}: the review that asks for the
 * removal may come days after the run that found them, and they may have been granted it meanwhile, the connector
 * finding them in the group already) is governed and not taken out: {@link Outcome.Failed} naming the grant, no call
 * — also a grant provisioned a moment ago or being provisioned ({@link ActiveGrants#governing}: provisioning's own
 * state, not the view that shows it seconds later).
 */
@Component
public class UngovernedRemover {
    private final Targets targets;
    private final Map<String, Connector> connectors;
    private final ReconciliationSettings settings;
    private final ReconciliationSettings.Pause pause;
    private final ActiveGrants activeGrants;

    public UngovernedRemover(Targets targets, List<Connector> connectors, ReconciliationSettings settings,
            ReconciliationSettings.Pause pause, ActiveGrants activeGrants) {
        this.targets = targets;
        this.activeGrants = activeGrants;
        this.connectors = connectors.stream().collect(Collectors.toMap(Connector::type, Function.identity()));
        this.settings = settings;
        this.pause = pause;
    }

    /** What came of a removal. */
    public sealed interface Outcome {
        record Removed(String reference, int attempts) implements Outcome {
        }

        record Failed(String answer, int attempts) implements Outcome {
        }
    }

    /** Takes {@code member} out unless, at {@code at}, an active grant explains them. */
    public Outcome remove(String targetId, Entitlement entitlement, Connector.Member member, Instant at) {
        Optional<TargetSettings> target = targets.target(targetId);
        if (target.isEmpty()) {
            return new Outcome.Failed("No provisioning target '" + targetId + "' is configured", 0);
        }
        Connector connector = connectors.get(target.get().type());
        if (connector == null) {
            return new Outcome.Failed("No connector for target type '" + target.get().type() + "' (target '"
                    + targetId + "')", 0);
        }
        Optional<ReconciliationRules.ActiveGrant> governing = ReconciliationRules.governing(member,
                activeGrants.governing(targetId, entitlement, at));
        if (governing.isPresent()) {
            return new Outcome.Failed("Not removed: " + member.userName() + " holds grant "
                    + governing.get().grantId() + " of " + entitlement + " on target " + targetId
                    + ", granted since the finding; the member is governed now", 0);
        }
        TransientRetries retries = new TransientRetries(settings, pause);
        try {
            Connector.Result result = retries.call("Removing " + member.targetId() + " from target " + targetId
                    + " (" + entitlement + ")", () -> connector.removeMember(target.get(), entitlement, member));
            String reference = result instanceof Connector.Result.Done done ? done.reference() : result.toString();
            return new Outcome.Removed(reference, retries.attempts());
        } catch (ConnectorFailure f) {
            return new Outcome.Failed(f.answer(), retries.attempts());
        }
    }
}
