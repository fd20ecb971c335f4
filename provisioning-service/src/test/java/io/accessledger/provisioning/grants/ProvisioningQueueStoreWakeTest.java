package io.accessledger.provisioning.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.accessledger.events.ids.GrantId;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/**
 * The worker is woken once after the commit of a transaction that scheduled calls, however many it scheduled (a grant
 * driver's poll applies several approvals in one): a second wake queued a second look, which found none
 * (docs/BENCHMARKS.md, "End-to-end", "Thirteenth round"); and not before the commit, nor after a rollback.
 */
class ProvisioningQueueStoreWakeTest {
    private static final Instant AT = Instant.parse("2026-12-07T18:30:00Z");
    private final ProvisioningQueueStore queue = new ProvisioningQueueStore(mock(JdbcTemplate.class));
    private final AtomicInteger wakes = new AtomicInteger();

    @AfterEach
    void clear() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void aTransactionThatSchedulesThreeCallsWakesTheWorkerOnceAfterItsCommit() {
        queue.whenDue(wakes::incrementAndGet);
        TransactionSynchronizationManager.initSynchronization();
        for (String grant : new String[] {"G-1", "G-2", "G-3"}) {
            queue.on(new Grant.AttemptScheduled(GrantId.of(grant), Grant.Operation.GRANT, 0, AT));
        }
        assertThat(wakes).as("before the commit").hasValue(0);

        TransactionSynchronizationUtils.triggerAfterCommit();
        assertThat(wakes).as("after the commit").hasValue(1);
    }

    @Test
    void eachTransactionWakesTheWorkerOnceAndARolledBackOneNot() {
        queue.whenDue(wakes::incrementAndGet);
        TransactionSynchronizationManager.initSynchronization();
        queue.on(new Grant.AttemptScheduled(GrantId.of("G-1"), Grant.Operation.GRANT, 0, AT));
        queue.on(new Grant.AttemptScheduled(GrantId.of("G-2"), Grant.Operation.GRANT, 0, AT));
        TransactionSynchronizationUtils.triggerAfterCompletion(
                org.springframework.transaction.support.TransactionSynchronization.STATUS_ROLLED_BACK);
        TransactionSynchronizationManager.clearSynchronization();
        assertThat(wakes).as("after a rollback").hasValue(0);

        TransactionSynchronizationManager.initSynchronization();
        queue.on(new Grant.AttemptScheduled(GrantId.of("G-1"), Grant.Operation.GRANT, 0, AT));
        queue.on(new Grant.AttemptScheduled(GrantId.of("G-2"), Grant.Operation.GRANT, 0, AT));
        TransactionSynchronizationUtils.triggerAfterCommit();
        TransactionSynchronizationManager.clearSynchronization();
        assertThat(wakes).as("after the second transaction's commit").hasValue(1);

        queue.on(new Grant.AttemptScheduled(GrantId.of("G-3"), Grant.Operation.GRANT, 0, AT));
        assertThat(wakes).as("without a transaction, at once").hasValue(2);
    }
}
