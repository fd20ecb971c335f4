package io.accessledger.request.hris.bamboohr;

import io.accessledger.spine.jobs.JobLeases;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Fetches, from BambooHR's API, the employees event-based deliveries only named (see {@link BambooHrFetches}). */
@Component
public class BambooHrFetchJob {
    private static final Logger log = LoggerFactory.getLogger(BambooHrFetchJob.class);
    private final BambooHrFetches fetches;
    private final JobLeases leases;

    public BambooHrFetchJob(BambooHrFetches fetches, JobLeases leases) {
        this.fetches = fetches;
        this.leases = leases;
    }

    @Scheduled(fixedDelayString = "${accessledger.hris.bamboohr.api.fetch-interval:PT10S}",
            initialDelayString = "${accessledger.hris.bamboohr.api.fetch-initial-delay:PT10S}")
    public void fetchDue() {
        try {
            // One instance at a time (a job lease in the service's database).
            leases.runExclusively("bamboohr-fetch", Duration.ofSeconds(5), Duration.ofMinutes(10), () -> {
                int applied = fetches.runDue();
                if (applied > 0) {
                    log.info("applied {} BambooHR employee fetch(es)", applied);
                }
            });
        } catch (RuntimeException e) {
            log.error("fetching BambooHR employees failed; retried on the next run", e);
        }
    }
}
