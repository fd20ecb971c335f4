package io.accessledger.spine.store;

import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * Axon's JDBC event store without snapshot reads. No aggregate of the suite declares a snapshot trigger, so no
 * snapshot is ever written, yet Axon asks the snapshot table before each aggregate load: one query per command that
 * always came back empty (about eight per request, docs/BENCHMARKS.md, "End-to-end", "Eighth round"). An aggregate is
 * loaded from its events alone, as it always was here; a snapshot stored all the same (a trigger added later) is
 * ignored, never wrong: the events it summarises are still read.
 */
final class SnapshotlessStorageEngine extends JdbcEventStorageEngine {
    SnapshotlessStorageEngine(Builder builder) {
        super(builder);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return Optional.empty();
    }
}
