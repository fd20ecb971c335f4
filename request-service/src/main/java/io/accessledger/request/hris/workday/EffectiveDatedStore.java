package io.accessledger.request.hris.workday;

import io.accessledger.request.hris.WorkerEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Workday events by their event id, with what became of them. */
public interface EffectiveDatedStore {
    enum State {
        /** Future-dated, waiting for its date. */
        PENDING,
        APPLIED,
        /** Rescinded before it applied (or a rescind that arrived before its event: a tombstone). */
        CANCELLED,
        /** Rescinded after it applied: recorded, nothing undone. */
        RESCINDED_AFTER_APPLY
    }

    record Entry(String eventRef, WorkerEvent event, State state, String rescindedBy) {
    }

    /** Inserts unless the event id is known; returns whether it was inserted. */
    boolean insert(Entry entry, Instant at);

    Optional<Entry> find(String eventRef);

    /** Moves an entry from one state to another; returns false when it was not in {@code from}. */
    boolean transition(String eventRef, State from, State to, String rescindedBy, Instant at);

    /** Pending entries effective on or before the day, oldest date first. */
    List<Entry> due(LocalDate day);
}
