package io.accessledger.request.hris.bamboohr;

import io.accessledger.outbound.Backoff;
import io.accessledger.request.hris.HrisProperties;
import io.accessledger.request.hris.WorkerEvent;
import io.accessledger.request.hris.WorkerEventSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the employees event-based BambooHR deliveries only named, off the webhook's thread: each pending fetch is
 * one {@code GET /v1/employees/{id}/}; the answer becomes the worker event a field-based payload would have carried,
 * recorded through the {@link WorkerEventSink} (hired / transferred / updated / terminated, or nothing when nothing
 * changed: a create arrives as {@code created} then {@code updated}, and the second fetch changes nothing).
 *
 * <p>429, 5xx, timeouts and connection failures are tried again later with capped exponential back-off and full
 * jitter ({@code Retry-After} honoured when longer), up to {@code max-attempts}; a permanent answer (401, 403, 404, any
 * other 4xx) is not retried. Every outcome is counted in {@code accessledger.hris.bamboohr.fetch} by {@code outcome}:
 * fetched, retried, refused, gave_up, not_configured.
 */
public class BambooHrFetches {
    public static final String METRIC = "accessledger.hris.bamboohr.fetch";
    private static final Logger log = LoggerFactory.getLogger(BambooHrFetches.class);
    private static final int BATCH = 50;
    private final BambooHrFetchStore store;
    private final BambooHrApi api;
    private final WorkerEventSink sink;
    private final HrisProperties.Api settings;
    private final MeterRegistry meters;
    private final Clock clock;

    public BambooHrFetches(BambooHrFetchStore store, BambooHrApi api, WorkerEventSink sink,
            HrisProperties.Api settings, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.api = api;
        this.sink = sink;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    public boolean configured() {
        return api.configured();
    }

    /**
     * Called with the delivery's claim, in its transaction: records the named employees to fetch, or, without an API
     * key, logs and counts them as not fetchable. Returns how many fetches were scheduled.
     */
    public int schedule(String deliveryId, List<BambooHrPayloads.Named> named, Instant at) {
        if (named.isEmpty()) {
            return 0;
        }
        if (!configured()) {
            for (BambooHrPayloads.Named employee : named) {
                log.warn("BambooHR {} for employee {} carries no field values and cannot be fetched: "
                        + "accessledger.hris.bamboohr.api.api-key / company-domain are not configured",
                        employee.type(), employee.employeeId());
                count("not_configured");
            }
            return 0;
        }
        store.enqueue(deliveryId, named, at);
        return named.size();
    }

    /** Makes every fetch that is due; returns how many were applied (fetched and recorded). */
    public int runDue() {
        if (!configured()) {
            return 0;
        }
        int applied = 0;
        List<BambooHrFetchStore.PendingFetch> due = store.lease(clock.instant(), settings.lease(), BATCH);
        for (BambooHrFetchStore.PendingFetch fetch : due) {
            if (fetchOne(fetch)) {
                applied++;
            }
        }
        return applied;
    }

    private boolean fetchOne(BambooHrFetchStore.PendingFetch fetch) {
        int attempts = fetch.attempts() + 1;
        BambooHrApi.Answer answer = api.employee(fetch.employeeId(), clock.instant());
        if (answer instanceof BambooHrApi.Found found) {
            WorkerEvent event = BambooHrPayloads.fetched(fetch.named(), found.employee());
            boolean changed;
            try {
                changed = sink.record(event, BambooHrConfiguration.SOURCE);
            } catch (RuntimeException e) {
                store.retry(fetch, fetch.attempts(), clock.instant().plus(backoff(attempts)), e.toString());
                log.error("BambooHR employee {} fetched but not recorded; tried again later", fetch.employeeId(), e);
                return false;
            }
            store.fetched(fetch, attempts, clock.instant());
            count("fetched");
            log.info("BambooHR employee {} fetched ({}, attempt {}): {}", fetch.employeeId(), fetch.type(), attempts,
                    changed ? "directory changed" : "nothing changed");
            return true;
        }
        if (answer instanceof BambooHrApi.Refused refused) {
            store.giveUp(fetch, attempts, "REFUSED", refused.message(), clock.instant());
            count("refused");
            log.error("BambooHR refused the fetch of employee {} ({} of delivery {}): {}; not retried",
                    fetch.employeeId(), fetch.type(), fetch.deliveryId(), refused.message());
            return false;
        }
        BambooHrApi.Unavailable unavailable = (BambooHrApi.Unavailable) answer;
        if (attempts >= settings.maxAttempts()) {
            store.giveUp(fetch, attempts, "GAVE_UP", unavailable.message(), clock.instant());
            count("gave_up");
            log.error("BambooHR fetch of employee {} ({} of delivery {}) given up after {} attempts: {}",
                    fetch.employeeId(), fetch.type(), fetch.deliveryId(), attempts, unavailable.message());
            return false;
        }
        Duration wait = backoff(attempts);
        if (unavailable.retryAfter() != null && unavailable.retryAfter().compareTo(wait) > 0) {
            wait = unavailable.retryAfter();
        }
        store.retry(fetch, attempts, clock.instant().plus(wait), unavailable.message());
        count("retried");
        log.info("BambooHR fetch of employee {} attempt {} failed ({}); next try in {} ms", fetch.employeeId(),
                attempts, unavailable.message(), wait.toMillis());
        return false;
    }

    Duration backoff(int attempt) {
        return Backoff.fullJitter(settings.initialBackoff(), settings.maxBackoff(), attempt);
    }

    private void count(String outcome) {
        meters.counter(METRIC, "outcome", outcome).increment();
    }
}
