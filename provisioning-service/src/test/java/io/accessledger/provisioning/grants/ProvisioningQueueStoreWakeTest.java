package io.accessledger.provisioning.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.accessledger.events.ids.GrantId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
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
    /** The store's statements answer as if every grant's row were of {@code saas-scim}. */
    private final ProvisioningQueueStore queue = new ProvisioningQueueStore(mock(JdbcTemplate.class,
            invocation -> invocation.getMethod().getName().equals("queryForList") ? List.of("saas-scim")
                    : org.mockito.Answers.RETURNS_DEFAULTS.answer(invocation)));
    private final AtomicInteger wakes = new AtomicInteger();
    private final List<Set<String>> woken = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void clear() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void aTransactionThatSchedulesThreeCallsWakesTheWorkerOnceAfterItsCommitNamingTheirTarget() {
        queue.whenDue(targets -> {
            wakes.incrementAndGet();
            woken.add(targets);
        });
        TransactionSynchronizationManager.initSynchronization();
        for (String grant : new String[] {"G-1", "G-2", "G-3"}) {
            queue.on(new Grant.AttemptScheduled(GrantId.of(grant), Grant.Operation.GRANT, 0, AT));
        }
        assertThat(wakes).as("before the commit").hasValue(0);

        TransactionSynchronizationUtils.triggerAfterCommit();
        assertThat(wakes).as("after the commit").hasValue(1);
        assertThat(woken).containsExactly(Set.of("saas-scim"));
    }

    @Test
    void eachTransactionWakesTheWorkerOnceAndARolledBackOneNot() {
        queue.whenDue(targets -> wakes.incrementAndGet());
        TransactionSynchronizationManager.initSynchronization();
        queue.on(new Grant.AttemptScheduled(GrantId.of("G-1"), Grant.Operation.GRANT, 0, AT));
        queue.on(new Grant.AttemptScheduled(GrantId.of("G-2"), Grant.Operation.GRANT, 0, AT));
        TransactionSynchronizationUtils.triggerAfterCompletion(
                org.springframework.transaction.support.TransactionSynchronization.STATUS_ROLLED_BACK);
        TransactionSynchronizationManager.clearSynchronization();
        assertThat(TransactionSynchronizationManager.getResourceMap()).as("nothing left bound").isEmpty();
        assertThat(wakes).as("after a rollback").hasValue(0);

        TransactionSynchronizationManager.initSynchronization();
        queue.on(new Grant.AttemptScheduled(GrantId.of("G-1"), Grant.Operation.GRANT, 0, AT));
        queue.on(new Grant.AttemptScheduled(GrantId.of("G-2"), Grant.Operation.GRANT, 0, AT));
        TransactionSynchronizationUtils.triggerAfterCommit();
        TransactionSynchronizationUtils.triggerAfterCompletion(
                org.springframework.transaction.support.TransactionSynchronization.STATUS_COMMITTED);
        TransactionSynchronizationManager.clearSynchronization();
        assertThat(wakes).as("after the second transaction's commit").hasValue(1);

        queue.on(new Grant.AttemptScheduled(GrantId.of("G-3"), Grant.Operation.GRANT, 0, AT));
        assertThat(wakes).as("without a transaction, at once").hasValue(2);
    }
}
