package io.accessledger.provisioning.reconciliation;

import io.accessledger.events.provisioning.UngovernedHandling;
import io.accessledger.provisioning.connectors.InvalidTargets;
import io.accessledger.provisioning.connectors.TargetProblem;
import io.accessledger.provisioning.connectors.Targets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Each target's reconciliation settings: {@code accessledger.provisioning.targets.<id>.reconcile-every} (ISO-8601
 * duration; unset: never on a schedule) and {@code .on-ungoverned} ({@code REVIEW}, the default: the resource owner
 * decides; {@code REMOVE}: the run takes each ungoverned member out of the target itself).
 * Read and checked once at startup with the targets: a value the service cannot use refuses the start
 * ({@link InvalidTargets}), naming the key and the fix.
 */
public record ReconciliationPolicies(Map<String, Policy> policies) {
    /** One target's policy; {@code every} null when it is not reconciled on a schedule. */
    public record Policy(Duration every, UngovernedHandling onUngoverned) {
    }

    public ReconciliationPolicies {
        policies = Map.copyOf(policies);
    }

    public UngovernedHandling handling(String target) {
        return Optional.ofNullable(policies.get(target)).map(Policy::onUngoverned).orElse(UngovernedHandling.REVIEW);
    }

    /** The targets reconciled on a schedule, and how often. */
    public Map<String, Duration> scheduled() {
        Map<String, Duration> scheduled = new LinkedHashMap<>();
        policies.forEach((target, policy) -> {
            if (policy.every() != null) {
                scheduled.put(target, policy.every());
            }
        });
        return scheduled;
    }

    /** @throws InvalidTargets naming every value it cannot use */
    public static ReconciliationPolicies from(Binder binder, Targets targets) {
        List<TargetProblem> problems = new ArrayList<>();
        Map<String, Policy> policies = new LinkedHashMap<>();
        for (String target : targets.targets().keySet()) {
            String key = Targets.PREFIX + "." + target;
            String every = binder.bind(key + ".reconcile-every", String.class).orElse(null);
            String handling = binder.bind(key + ".on-ungoverned", String.class).orElse(null);
            Duration period = null;
            if (every != null && !every.isBlank()) {
                try {
                    period = Duration.parse(every.trim());
                    if (period.isNegative() || period.isZero()) {
                        problems.add(TargetProblem.of(target, "reconcile-every", "'" + every + "' is not a positive"
                                + " duration", "write an ISO-8601 duration such as PT6H, or leave it unset"));
                        period = null;
                    }
                } catch (DateTimeParseException notOne) {
                    problems.add(TargetProblem.of(target, "reconcile-every", "'" + every + "' is not an ISO-8601"
                            + " duration", "write an ISO-8601 duration such as PT6H or P1D, or leave it unset"));
                }
            }
            UngovernedHandling onUngoverned = UngovernedHandling.REVIEW;
            if (handling != null && !handling.isBlank()) {
                try {
                    onUngoverned = UngovernedHandling.valueOf(handling.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException notOne) {
                    problems.add(TargetProblem.of(target, "on-ungoverned", "'" + handling + "' is not REVIEW or"
                            + " REMOVE", "set on-ungoverned: REVIEW (the resource owner decides) or REMOVE"));
                }
            }
            policies.put(target, new Policy(period, onUngoverned));
        }
        if (!problems.isEmpty()) {
            throw new InvalidTargets(problems);
        }
        return new ReconciliationPolicies(policies);
    }
}
