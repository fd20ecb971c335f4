package io.accessledger.request.hris.bamboohr;

import io.accessledger.spine.jobs.JobLeases;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fetches, from BambooHR's API, the employees event-based deliveries only named (see {@link BambooHrFetches}). One
 * instance at a time (the spine's {@link JobLeases}): the lease is held for at least nine tenths of the interval, so
 * the other instances' timers skip that round. (It was held for 5 s whatever the interval: a retry the fetches had
 * scheduled 100 ms later waited those 5 s, also on one instance.)
 */
@Component
public class BambooHrFetchJob {
    private static final Logger log = LoggerFactory.getLogger(BambooHrFetchJob.class);
    private final BambooHrFetches fetches;
    private final JobLeases leases;
    private final Duration interval;

    public BambooHrFetchJob(BambooHrFetches fetches, JobLeases leases,
            @Value("${accessledger.hris.bamboohr.api.fetch-interval:PT10S}") Duration interval) {
        this.fetches = fetches;
        this.leases = leases;
        this.interval = interval;
    }

    @Scheduled(fixedDelayString = "${accessledger.hris.bamboohr.api.fetch-interval:PT10S}",
            initialDelayString = "${accessledger.hris.bamboohr.api.fetch-initial-delay:PT10S}")
    public void fetchDue() {
        try {
            Duration atLeast = interval.multipliedBy(9).dividedBy(10);
            leases.runExclusively("bamboohr-fetch", atLeast, Duration.ofMinutes(10), () -> {
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
