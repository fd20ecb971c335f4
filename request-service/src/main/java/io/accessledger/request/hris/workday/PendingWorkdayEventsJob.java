package io.accessledger.request.hris.workday;

import io.accessledger.spine.jobs.JobLeases;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Applies future-dated Workday events once the injected clock reaches their effective date. */
@Component
public class PendingWorkdayEventsJob {
    private static final Logger log = LoggerFactory.getLogger(PendingWorkdayEventsJob.class);
    private final EffectiveDatedEvents workday;
    private final JobLeases leases;

    public PendingWorkdayEventsJob(EffectiveDatedEvents workday, JobLeases leases) {
        this.workday = workday;
        this.leases = leases;
    }

    @Scheduled(fixedDelayString = "${accessledger.hris.pending-check-interval:PT5M}",
            initialDelayString = "${accessledger.hris.pending-check-initial-delay:PT1M}")
    public void applyDue() {
        try {
            // One instance at a time (a job lease in the service's database).
            leases.runExclusively("workday-pending", Duration.ofMinutes(1), Duration.ofMinutes(10), () -> {
                int applied = workday.applyDue();
                if (applied > 0) {
                    log.info("applied {} future-dated Workday event(s)", applied);
                }
            });
        } catch (RuntimeException e) {
            log.error("applying future-dated Workday events failed; retried on the next run", e);
        }
    }
}
