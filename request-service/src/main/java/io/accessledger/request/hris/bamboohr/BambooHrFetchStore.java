package io.accessledger.request.hris.bamboohr;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The employees event-based BambooHR deliveries named, to be fetched from BambooHR's API: one entry per delivery and
 * employee (a repeated delivery adds nothing), PENDING until FETCHED or given up (REFUSED, GAVE_UP).
 */
public interface BambooHrFetchStore {
    /** Records the employees a delivery named; an entry already recorded for this delivery is left as it is. */
    void enqueue(String deliveryId, List<BambooHrPayloads.Named> named, Instant at);

    /**
     * Takes up to {@code limit} pending fetches due at {@code now}, each leased until {@code now + lease} (another
     * instance does not take them meanwhile; a crashed one's lease runs out and they are due again). An employee's
     * fetches are made in the order their deliveries came: one waits while an earlier one for them is pending (a
     * create is applied before the update that follows it).
     */
    List<PendingFetch> lease(Instant now, Duration lease, int limit);

    /** The fetch was applied. */
    void fetched(PendingFetch fetch, int attempts, Instant at);

    /** Another try at {@code next}. */
    void retry(PendingFetch fetch, int attempts, Instant next, String error);

    /** No more tries: {@code state} REFUSED (a permanent answer) or GAVE_UP (the budget spent). */
    void giveUp(PendingFetch fetch, int attempts, String state, String error, Instant at);

    /** One employee to fetch: the delivery and event that named them, and the attempts made so far. */
    record PendingFetch(String deliveryId, String employeeId, String type, int attempts, Instant receivedAt) {
        BambooHrPayloads.Named named() {
            return new BambooHrPayloads.Named(employeeId, type);
        }
    }
}
