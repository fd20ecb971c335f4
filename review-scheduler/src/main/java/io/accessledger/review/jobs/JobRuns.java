package io.accessledger.review.jobs;

import io.accessledger.spine.jobs.JobLeases;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How review-scheduler's scheduled jobs run. A run fires on one instance at a time (the spine's {@link JobLeases}),
 * and within a run each item is tried on its own: one that fails (its schedule modified at the same moment by another
 * instance or a consumer — Axon's {@code ConcurrencyException} — or the database gone for a moment) is logged,
 * counted ({@code accessledger.review.job.failures}, tag {@code job}) and left for the next run; the others go on.
 */
@Component
public class JobRuns {
    private static final Logger log = LoggerFactory.getLogger(JobRuns.class);
    /** A lease is held at most this long: well above a run's longest time (500 commands take seconds). */
    private static final Duration AT_MOST = Duration.ofMinutes(30);
    private final JobLeases leases;
    private final MeterRegistry meters;

    public JobRuns(JobLeases leases, MeterRegistry meters) {
        this.leases = leases;
        this.meters = meters;
    }

    /**
     * Runs {@code run} unless another instance is running {@code job} or started it less than 90 % of {@code every}
     * ago (so a second instance's timer firing a moment later skips).
     */
    public void exclusively(String job, Duration every, Runnable run) {
        Duration atLeast = every.minus(every.dividedBy(10));
        leases.runExclusively(job, atLeast, atLeast.compareTo(AT_MOST) < 0 ? AT_MOST : atLeast.multipliedBy(2), run);
    }

    /** Tries one item of a run: {@code true} if it went through, {@code false} if it failed (for the next run). */
    public boolean attempt(String job, Object item, Runnable work) {
        try {
            work.run();
            return true;
        } catch (RuntimeException e) {
            log.warn("{}: {} failed, the next run tries it again: {}", job, item, e.toString());
            meters.counter("accessledger.review.job.failures", "job", job).increment();
            return false;
        }
    }
}
