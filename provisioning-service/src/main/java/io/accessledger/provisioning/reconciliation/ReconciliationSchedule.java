package io.accessledger.provisioning.reconciliation;

import io.accessledger.events.provisioning.ReconciliationTrigger;
import io.accessledger.spine.jobs.JobLeases;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts the scheduled reconciliations: every {@code accessledger.provisioning.reconciliation.schedule-check-every}
 * (default one minute) it starts a run ({@code SCHEDULED}) of each target whose {@code reconcile-every} has passed
 * since its last run started ({@link ReconciliationRules#due}). The check of one target runs under that target's job
 * lease, so two instances start it once; a run still going (on any instance) is left alone. Each check first ends
 * the runs whose instance stopped before they ended (their lease ran out), under its own job lease.
 */
@Component
public class ReconciliationSchedule {
    private static final Logger log = LoggerFactory.getLogger(ReconciliationSchedule.class);
    private final ReconciliationPolicies policies;
    private final ReconciliationStore store;
    private final ReconciliationRunner runner;
    private final JobLeases leases;
    private final Clock clock;

    public ReconciliationSchedule(ReconciliationPolicies policies, ReconciliationStore store,
            ReconciliationRunner runner, JobLeases leases, Clock clock) {
        this.policies = policies;
        this.store = store;
        this.runner = runner;
        this.leases = leases;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${accessledger.provisioning.reconciliation.schedule-check-every:PT1M}",
            initialDelayString = "PT2S")
    public void check() {
        // A run whose instance died is ended here too, not only when its target is next started (maybe never).
        leases.runExclusively("reconciliation-abandoned", Duration.ofSeconds(1), Duration.ofMinutes(1), () -> {
            int ended = runner.endAbandonedRuns();
            if (ended > 0) {
                log.info("Ended {} reconciliation run(s) whose instance stopped before they ended", ended);
            }
        });
        policies.scheduled().forEach((target, every) -> {
            if (!ReconciliationRules.due(store.lastStart(target).orElse(null), every, clock.instant())) {
                return;
            }
            leases.runExclusively("reconcile-" + target, Duration.ofSeconds(1), Duration.ofMinutes(1), () -> {
                // Read again under the lease: another instance may just have started it.
                if (ReconciliationRules.due(store.lastStart(target).orElse(null), every, clock.instant())) {
                    ReconciliationRunner.Start start = runner.start(target, ReconciliationTrigger.SCHEDULED, null);
                    log.info("Scheduled reconciliation of target {}: {}", target, start);
                }
            });
        });
    }
}
