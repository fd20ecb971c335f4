package io.accessledger.request.hris.workday;

import io.accessledger.request.hris.WorkerEvent;
import io.accessledger.request.hris.WorkerEventSink;
import io.accessledger.request.hris.workday.EffectiveDatedStore.Entry;
import io.accessledger.request.hris.workday.EffectiveDatedStore.State;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Effective dating of Workday events: effective today or earlier, an event applies now; later, it waits in the
 * store until the clock reaches its date ({@link #applyDue()}); a rescind cancels a waiting event, and of an event
 * already applied it only records the rescind.
 */
public final class EffectiveDatedEvents {
    private static final Logger log = LoggerFactory.getLogger(EffectiveDatedEvents.class);

    public enum Outcome {
        APPLIED, SCHEDULED, CANCELLED, ALREADY_APPLIED, RESCIND_BEFORE_EVENT, ALREADY_KNOWN
    }

    private final EffectiveDatedStore store;
    private final WorkerEventSink sink;
    private final Clock clock;
    private final String source;

    public EffectiveDatedEvents(EffectiveDatedStore store, WorkerEventSink sink, Clock clock, String source) {
        this.store = store;
        this.sink = sink;
        this.clock = clock;
        this.source = source;
    }

    public Outcome submit(String eventRef, WorkerEvent event) {
        LocalDate today = LocalDate.now(clock);
        boolean future = event.effectiveOn() != null && event.effectiveOn().isAfter(today);
        if (!store.insert(new Entry(eventRef, event, State.PENDING, null), clock.instant())) {
            Entry known = store.find(eventRef).orElse(null);
            if (!future && known != null && known.state() == State.PENDING && known.event() != null
                    && apply(known)) {
                return Outcome.APPLIED;
            }
            log.info("{} event {} already known ({}); ignored", source, eventRef,
                    store.find(eventRef).map(Entry::state).orElse(null));
            return Outcome.ALREADY_KNOWN;
        }
        if (future) {
            log.info("{} event {} for {} scheduled for {}", source, eventRef, event.employeeId(), event.effectiveOn());
            return Outcome.SCHEDULED;
        }
        apply(store.find(eventRef).orElseThrow());
        return Outcome.APPLIED;
    }

    public Outcome rescind(String rescindRef, String rescindedRef) {
        Instant now = clock.instant();
        if (store.transition(rescindedRef, State.PENDING, State.CANCELLED, rescindRef, now)) {
            log.info("{} event {} rescinded by {} before it applied", source, rescindedRef, rescindRef);
            return Outcome.CANCELLED;
        }
        if (store.transition(rescindedRef, State.APPLIED, State.RESCINDED_AFTER_APPLY, rescindRef, now)) {
            log.warn("{} event {} rescinded by {} after it applied; recorded, nothing undone", source,
                    rescindedRef, rescindRef);
            return Outcome.ALREADY_APPLIED;
        }
        if (store.insert(new Entry(rescindedRef, null, State.CANCELLED, rescindRef), now)) {
            log.warn("{} rescind {} names {}, not received yet; it will be ignored if it comes", source, rescindRef,
                    rescindedRef);
            return Outcome.RESCIND_BEFORE_EVENT;
        }
        return Outcome.ALREADY_KNOWN;
    }

    /** Applies the waiting events whose date has come; returns how many applied. */
    public int applyDue() {
        int applied = 0;
        for (Entry entry : store.due(LocalDate.now(clock))) {
            try {
                if (apply(entry)) {
                    applied++;
                }
            } catch (RuntimeException e) {
                log.error("{} event {} could not be applied; it stays pending", source, entry.eventRef(), e);
            }
        }
        return applied;
    }

    /** Claims the entry (PENDING → APPLIED) and records it; on failure it goes back to PENDING. */
    private boolean apply(Entry entry) {
        if (!store.transition(entry.eventRef(), State.PENDING, State.APPLIED, null, clock.instant())) {
            return false;
        }
        try {
            sink.record(entry.event(), source);
            return true;
        } catch (RuntimeException e) {
            store.transition(entry.eventRef(), State.APPLIED, State.PENDING, null, clock.instant());
            throw e;
        }
    }
}
