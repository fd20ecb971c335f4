package io.accessledger.spine.store;

import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's embedded event store, whose reader (the outbox's, which reads the store's table) is woken when the events a
 * unit of work appended are committed. Axon wakes it when the unit of work commits; a unit of work that joined a
 * longer Spring transaction (a consumer's poll, the announcer's page) has then not committed anything yet, so the
 * reader looked, found nothing, and slept until the next wake-up or its fetch delay — a wasted query per command
 * and up to a fetch delay of latency per transaction. Here, inside such a transaction, the wake-up waits for its
 * commit (none after a rollback: nothing was stored); a unit of work with a transaction of its own has committed it by
 * then, and wakes the reader at once as before. A lost wake-up costs at most the fetch delay, never an event.
 */
public class CommitWakingEventStore extends EmbeddedEventStore {

    public CommitWakingEventStore(Builder builder) {
        super(builder);
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            super.afterCommit(events);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wake(events);
            }
        });
    }

    private void wake(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
    }
}
