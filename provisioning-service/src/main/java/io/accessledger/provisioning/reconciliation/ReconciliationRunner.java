package io.accessledger.provisioning.reconciliation;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.provisioning.ReconciliationOutcome;
import io.accessledger.events.provisioning.ReconciliationTrigger;
import io.accessledger.events.provisioning.UngovernedHandling;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.provisioning.connectors.ConnectorFailure;
import io.accessledger.provisioning.connectors.TargetSettings;
import io.accessledger.provisioning.connectors.Targets;
import io.accessledger.provisioning.directory.PeopleView;
import io.accessledger.spine.ids.NewIds;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs reconciliations, each in the background on a small pool of its own (never on a web or Kafka thread): for
 * every entitlement the target maps, reads every page of the group's members ({@link Connector#members}), compares
 * them with the grants active on that target and entitlement ({@link ActiveGrants}), by the sign-in name the connectors
 * grant under, and records what it found through the {@link Reconciliation} aggregate, whose events the outbox
 * publishes. Progress is written to {@link ReconciliationStore} as it goes. A transient failure (a 429 with its
 * {@code retryAfter}) waits that long through the injected {@link ReconciliationSettings.Pause} and asks again for the same page,
 * at most {@code max-retries} times in a row; a permanent one fails the run with the target's answer. On a target
 * whose policy is {@code on-ungoverned: REMOVE} each ungoverned member is then taken out through an
 * {@link UngovernedRemoval}. A run whose instance died is completed FAILED when its target is next started.
 */
@Component
public class ReconciliationRunner implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ReconciliationRunner.class);
    private final ReconciliationStore store;
    private final Targets targets;
    private final Map<String, Connector> connectors;
    private final ActiveGrants activeGrants;
    private final PeopleView people;
    private final AcceptedFindingsView accepted;
    private final CommandGateway commands;
    private final Clock clock;
    private final ReconciliationSettings settings;
    private final ReconciliationSettings.Pause pause;
    private final ReconciliationPolicies policies;
    private final ExecutorService pool;

    public ReconciliationRunner(ReconciliationStore store, Targets targets, List<Connector> connectors,
            ActiveGrants activeGrants, PeopleView people, AcceptedFindingsView accepted, CommandGateway commands,
            Clock clock, ReconciliationSettings settings, ReconciliationSettings.Pause pause,
            ReconciliationPolicies policies) {
        this.store = store;
        this.targets = targets;
        this.connectors = connectors.stream().collect(Collectors.toMap(Connector::type, Function.identity()));
        this.activeGrants = activeGrants;
        this.people = people;
        this.accepted = accepted;
        this.commands = commands;
        this.clock = clock;
        this.settings = settings;
        this.pause = pause;
        this.policies = policies;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.threads(), runnable -> {
            Thread thread = new Thread(runnable, "reconciliation-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Why a reconciliation did not start. */
    public sealed interface Start {
        record Started(String reconciliationId) implements Start {
        }

        record UnknownTarget(String target) implements Start {
        }

        record AlreadyRunning(String target) implements Start {
        }
    }

    /** Starts a run of the target in the background, unless one is running (on any instance). */
    public Start start(String targetId, ReconciliationTrigger trigger, EmployeeId requestedBy) {
        Optional<TargetSettings> target = targets.target(targetId);
        if (target.isEmpty()) {
            return new Start.UnknownTarget(targetId);
        }
        List<Entitlement> entitlements = target.get().groups().keySet().stream().sorted().map(Entitlement::parse)
                .toList();
        String reconciliationId = "RC-" + NewIds.commandId();
        Instant now = clock.instant();
        store.abandoned(targetId, now).forEach(run -> endAbandoned(run, now));
        if (!store.open(reconciliationId, targetId, trigger.name(), requestedBy == null ? null : requestedBy.value(),
                entitlements.size(), now, now.plus(settings.lease()))) {
            return new Start.AlreadyRunning(targetId);
        }
        try {
            commands.sendAndWait(new Reconciliation.StartReconciliation(reconciliationId, targetId, trigger,
                    requestedBy, entitlements, now));
        } catch (RuntimeException e) {
            // Not started: the target is free again at once.
            store.end(reconciliationId, "FAILED", ReconciliationStore.Counts.NONE, "could not be started: "
                    + e.getMessage(), clock.instant());
            throw e;
        }
        pool.execute(() -> run(reconciliationId, target.get(), entitlements, requestedBy));
        return new Start.Started(reconciliationId);
    }

    /** Ends every run whose instance stopped before it ended, whatever its target (the schedule's sweep). */
    public int endAbandonedRuns() {
        Instant now = clock.instant();
        List<ReconciliationStore.Run> abandoned = store.abandoned(now);
        abandoned.forEach(run -> endAbandoned(run, now));
        return abandoned.size();
    }

    /**
     * A run whose instance stopped before it ended (its lease ran out): completed FAILED with the counts it reached,
     * once — the aggregate records nothing after its completion, so an instance that tries again, or the late
     * original, adds nothing — then its row, which frees the target.
     */
    private void endAbandoned(ReconciliationStore.Run run, Instant at) {
        String failure = "abandoned: the instance running it stopped before it ended";
        try {
            commands.sendAndWait(new Reconciliation.CompleteReconciliation(run.reconciliationId(),
                    ReconciliationOutcome.FAILED, run.membersRead(), run.grantsCompared(), run.ungoverned(),
                    run.drifted(), failure, at));
        } catch (RuntimeException e) {
            // Another instance ending the same run at the same moment: it records the completion.
            log.warn("Could not record the end of abandoned reconciliation {}", run.reconciliationId(), e);
            return;
        }
        store.end(run.reconciliationId(), "FAILED", new ReconciliationStore.Counts(run.entitlementsDone(),
                run.membersRead(), run.grantsCompared(), run.ungoverned(), run.accepted(), run.drifted()), failure, at);
    }

    private void run(String reconciliationId, TargetSettings target, List<Entitlement> entitlements,
            EmployeeId requestedBy) {
        Tally tally = new Tally();
        String failure = null;
        try {
            Connector connector = connectors.get(target.type());
            if (connector == null) {
                throw ConnectorFailure.permanent("No connector for target type '" + target.type() + "'");
            }
            if (entitlements.isEmpty()) {
                // Nothing mapped: a target that cannot be read says so (manual); otherwise there is nothing to read.
                connector.members(target, null, null);
            }
            for (Entitlement entitlement : entitlements) {
                reconcile(reconciliationId, target, connector, entitlement, tally, requestedBy);
                tally.entitlementsDone++;
                store.progress(reconciliationId, tally.counts(), clock.instant().plus(settings.lease()));
            }
        } catch (ConnectorFailure f) {
            failure = f.answer();
        } catch (RuntimeException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.warn("Reconciliation {} of target {} failed", reconciliationId, target.id(), e);
        }
        Instant at = clock.instant();
        ReconciliationOutcome outcome = failure == null ? ReconciliationOutcome.COMPLETED
                : ReconciliationOutcome.FAILED;
        try {
            commands.sendAndWait(new Reconciliation.CompleteReconciliation(reconciliationId, outcome,
                    tally.membersRead, tally.grantsCompared, tally.ungoverned, tally.drifted, failure, at));
        } finally {
            store.end(reconciliationId, outcome.name(), tally.counts(), failure, at);
        }
    }

    private void reconcile(String reconciliationId, TargetSettings target, Connector connector,
            Entitlement entitlement, Tally tally, EmployeeId requestedBy) {
        String group = target.groupFor(entitlement);
        List<Connector.Member> members = new ArrayList<>();
        String cursor = null;
        do {
            Connector.MembersPage page = page(connector, target, entitlement, cursor);
            members.addAll(page.members());
            tally.membersRead += page.members().size();
            cursor = page.next();
            store.progress(reconciliationId, tally.counts(), clock.instant().plus(settings.lease()));
        } while (cursor != null);
        Instant at = clock.instant();
        List<ReconciliationRules.ActiveGrant> compared = activeGrants.on(target.id(), entitlement, at);
        Set<String> kept = accepted.of(members.stream().map(m -> ReconciliationRules.findingId(target.id(), group,
                m.targetId())).toList());
        ReconciliationRules.Comparison comparison = ReconciliationRules.compare(target.id(), group, members,
                compared, kept);
        tally.grantsCompared += compared.size();
        tally.ungoverned += comparison.ungoverned().size();
        tally.accepted += comparison.accepted().size();
        tally.drifted += comparison.drifted().size();
        if (comparison.ungoverned().isEmpty() && comparison.drifted().isEmpty()) {
            return;
        }
        Map<String, EmployeeId> byLogin = people.byLogin(comparison.ungoverned().stream()
                .map(Connector.Member::userName).filter(u -> u != null).toList());
        Map<String, EmployeeId> employees = new HashMap<>();
        comparison.ungoverned().stream().filter(m -> m.userName() != null).forEach(m -> {
            EmployeeId employee = byLogin.get(m.userName().toLowerCase(Locale.ROOT));
            if (employee != null) {
                employees.put(m.targetId(), employee);
            }
        });
        UngovernedHandling handling = policies.handling(target.id());
        commands.sendAndWait(new Reconciliation.RecordComparison(reconciliationId, entitlement, group,
                comparison.ungoverned(), employees, handling, comparison.drifted(), clock.instant()));
        if (handling == UngovernedHandling.REMOVE) {
            // After the findings are recorded: each member out of the target, its removal recorded (or its failure).
            for (Connector.Member member : comparison.ungoverned()) {
                String findingId = ReconciliationRules.findingId(target.id(), group, member.targetId());
                commands.sendAndWait(new UngovernedRemoval.RemoveUngovernedAccess(UngovernedRemoval.forRun(
                        reconciliationId, findingId), findingId, target.id(), entitlement, group, member,
                        UngovernedHandling.REMOVE, requestedBy, clock.instant()));
                store.progress(reconciliationId, tally.counts(), clock.instant().plus(settings.lease()));
            }
        }
    }

    /** One page, asked again after a transient failure (its retryAfter, else the default wait), a bounded number of times. */
    private Connector.MembersPage page(Connector connector, TargetSettings target, Entitlement entitlement,
            String cursor) {
        return new TransientRetries(settings, pause).call("Reading target " + target.id() + " (" + entitlement + ")",
                () -> connector.members(target, entitlement, cursor));
    }

    /** The counts of a run so far. */
    private static final class Tally {
        int entitlementsDone;
        long membersRead;
        long grantsCompared;
        long ungoverned;
        long accepted;
        long drifted;

        ReconciliationStore.Counts counts() {
            return new ReconciliationStore.Counts(entitlementsDone, membersRead, grantsCompared, ungoverned, accepted,
                    drifted);
        }
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
