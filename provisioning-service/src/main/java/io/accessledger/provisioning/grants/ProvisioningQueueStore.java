package io.accessledger.provisioning.grants;

import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.FulfilmentTaskOpened;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.events.ids.EmployeeId;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The connector calls still to make ({@code provisioning_queue}), kept by the grants' own events in the transaction
 * that records them (a subscribing processor on the service's store): an attempt is never scheduled without its row,
 * and a finished grant never keeps one. Also keeps each grant's connector history ({@code grant_attempts}: attempts,
 * the target's last answer, the next attempt), which only these internal events carry. Operational state, not a
 * projection of the topic: it must commit with the grant's command, so it is kept by an Axon subscribing handler.
 * The grants list reads it beside {@link GrantView} for the progress of a grant that retries.
 */
@Component
@ProcessingGroup(ProvisioningQueueStore.GROUP)
public class ProvisioningQueueStore {
    public static final String GROUP = "provisioning-queue";
    private final JdbcTemplate jdbc;
    private final List<Consumer<Set<String>>> dueListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ProvisioningQueueStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Runs {@code listener} after the commit of each transaction that scheduled calls, with the targets of those calls
     * (the worker's wake-up, which then takes for those targets only).
     */
    public void whenDue(Consumer<Set<String>> listener) {
        dueListeners.add(listener);
    }

    /**
     * After this transaction commits (at once without one), when the row is visible to the worker's take; once per
     * transaction, however many calls it scheduled (a grant driver's poll applies several approvals in one), naming
     * their targets: each wake beyond the first queued another look after the first, which had taken the calls
     * already, so it found none. A call due later wakes the worker for nothing; its poll takes it when it is due.
     */
    private void scheduledAfterCommit(String target) {
        if (dueListeners.isEmpty() || target == null) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            dueListeners.forEach(listener -> listener.accept(Set.of(target)));
            return;
        }
        Wake wake = (Wake) TransactionSynchronizationManager.getResource(this);
        if (wake == null) {
            wake = new Wake();
            TransactionSynchronizationManager.bindResource(this, wake);
            TransactionSynchronizationManager.registerSynchronization(wake);
        }
        wake.targets.add(target);
    }

    /** One transaction's wake-up: the targets it scheduled calls of, told to the listeners after its commit. */
    private final class Wake implements TransactionSynchronization {
        private final Set<String> targets = new LinkedHashSet<>();

        @Override
        public void afterCommit() {
            Set<String> scheduled = Set.copyOf(targets);
            dueListeners.forEach(listener -> listener.accept(scheduled));
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(ProvisioningQueueStore.this);
        }
    }

    /** A due call, as the worker takes it. */
    public record DueCall(String grantId, String requestId, String employeeId, String entitlement, String target,
            String resourceOwner, Grant.Operation operation, int attempt) {
    }

    @EventHandler
    void on(Grant.GrantOpened e) {
        jdbc.update("""
                insert into provisioning_queue (grant_id, request_id, employee_id, entitlement, target, resource_owner,
                    operation, attempt, due_at, opened_at) values (?, ?, ?, ?, ?, ?, 'NONE', 0, 'infinity', ?)
                on conflict (grant_id) do nothing""", e.grantId().value(), e.requestId().value(),
                e.employeeId().value(), e.entitlement().toString(), e.target(),
                e.resourceOwner() == null ? null : e.resourceOwner().value(), ts(e.openedAt()));
    }

    @EventHandler
    void on(Grant.AttemptScheduled e) {
        List<String> target = jdbc.queryForList("update provisioning_queue set operation = ?, attempt = ?,"
                + " due_at = ?, leased_until = null where grant_id = ? returning target", String.class,
                e.operation().name(), e.attempt(), ts(e.dueAt()), e.grantId().value());
        jdbc.update("""
                insert into grant_attempts (grant_id, attempts, next_attempt_at) values (?, 0, ?)
                on conflict (grant_id) do update set attempts = 0, last_answer = null,
                    next_attempt_at = excluded.next_attempt_at""", e.grantId().value(), ts(e.dueAt()));
        scheduledAfterCommit(target.isEmpty() ? null : target.get(0));
    }

    @EventHandler
    void on(Grant.AttemptFailed e) {
        jdbc.update("update provisioning_queue set attempt = ?, due_at = ?, leased_until = null, last_answer = ?,"
                + " last_attempt_at = ? where grant_id = ?", e.attempt() + 1, ts(e.nextAttemptAt()), e.answer(),
                ts(e.at()), e.grantId().value());
        jdbc.update("update grant_attempts set attempts = ?, last_answer = ?, next_attempt_at = ? where grant_id = ?",
                e.attempt(), e.answer(), ts(e.nextAttemptAt()), e.grantId().value());
    }

    @EventHandler
    void on(FulfilmentTaskOpened e) {
        park(e.grantId().value());
    }

    @EventHandler
    void on(AccessProvisioned e) {
        park(e.grantId().value());
        jdbc.update("update grant_attempts set next_attempt_at = null where grant_id = ?", e.grantId().value());
    }

    @EventHandler
    void on(ProvisioningFailed e) {
        park(e.grantId().value());
        jdbc.update("""
                insert into grant_attempts (grant_id, attempts, last_answer) values (?, ?, ?)
                on conflict (grant_id) do update set attempts = excluded.attempts, last_answer = excluded.last_answer,
                    next_attempt_at = null""", e.grantId().value(), e.attempts(), e.error());
    }

    @EventHandler
    void on(AccessRevoked e) {
        park(e.grantId().value());
    }

    @EventHandler
    void on(AccessExpired e) {
        park(e.grantId().value());
    }

    /** Nothing to call until the grant schedules another attempt (a revocation, an IAM retry). */
    private void park(String grantId) {
        jdbc.update("update provisioning_queue set operation = 'NONE', due_at = 'infinity', leased_until = null"
                + " where grant_id = ?", grantId);
    }

    /**
     * The take's statement: the waiting rows of one target due, in due order, through the index of the waiting rows by
     * target ({@code provisioning_queue_waiting_target}, V8), whose predicate its {@code operation <> 'NONE'} matches:
     * the index gives them in due order, so the take stops at its limit, and the rows of other targets are not read (a
     * take for "any target but these" read every due row of the others and dropped them, the whole backlog at every
     * take). One target, not a list: a list ({@code = any}) would be read whole and sorted. (The update's own look-up of
     * the rows taken, by key, is the planner's choice: on a small table with statistics, a scan of it joined to them.)
     */
    static final String TAKE = """
            update provisioning_queue set leased_until = ?, leased_by = ?
            where grant_id in (select grant_id from provisioning_queue
                where operation <> 'NONE' and target = ? and due_at <= ?
                and (leased_until is null or leased_until <= ?)
                order by due_at limit ? for update skip locked)
            returning grant_id, request_id, employee_id, entitlement, target, resource_owner, operation, attempt""";

    /**
     * {@link #waitingTargets}' statement: a loose scan of {@code provisioning_queue_waiting_target}, one probe for each
     * target with waiting rows and one more, however many rows wait.
     */
    static final String WAITING_TARGETS = """
            with recursive waiting (target) as (
                (select target from provisioning_queue where operation <> 'NONE' order by target limit 1)
                union all
                select (select q.target from provisioning_queue q where q.operation <> 'NONE' and q.target > w.target
                        order by q.target limit 1)
                from waiting w where w.target is not null)
            select target from waiting where target is not null""";

    /**
     * {@link #anyDue}'s statement, through the same index: the first due row in due order, which the planner reads
     * from the index whatever it knows of the table. Asked as {@code exists}, it was planned as a scan that would stop
     * at the first match, and on a table without statistics (a young one) the scan was chosen, so each look read every
     * grant ever opened: the due rows, the newest, come last.
     */
    static final String ANY_DUE = """
            select 1 from provisioning_queue
            where operation <> 'NONE' and due_at <= ? and (leased_until is null or leased_until <= ?)
            order by due_at limit 1""";

    /**
     * Takes up to {@code limit} due calls of the target {@code targetId} for {@code worker}, in one query: each row is
     * leased to it until {@code leaseUntil}, so another worker does not take it meanwhile; a worker that dies simply
     * lets the lease run out.
     */
    public List<DueCall> take(String worker, Instant now, Instant leaseUntil, int limit, String targetId) {
        return jdbc.query(TAKE,
                (row, n) -> new DueCall(row.getString("grant_id"), row.getString("request_id"),
                        row.getString("employee_id"), row.getString("entitlement"), row.getString("target"),
                        row.getString("resource_owner"), Grant.Operation.valueOf(row.getString("operation")),
                        row.getInt("attempt")),
                ts(leaseUntil), worker, targetId, ts(now), ts(now), limit);
    }

    /**
     * The targets that have calls waiting (due or not, leased or not), in name order: so that the worker takes calls
     * of a target it has no settings for only when there are some, without reading the other targets' rows.
     */
    public List<String> waitingTargets() {
        return jdbc.queryForList(WAITING_TARGETS, String.class);
    }

    /**
     * Whether any call is due and not leased (or its lease ran out): one cheap look, so that an idle worker's poll is
     * one query rather than a {@link #take} per target.
     */
    public boolean anyDue(Instant now) {
        return !jdbc.queryForList(ANY_DUE, Integer.class, ts(now), ts(now)).isEmpty();
    }

    /**
     * Extends to {@code leaseUntil} the leases {@code worker} still holds on these rows (a row another worker took
     * since, or whose attempt was recorded, which clears the lease, is left alone); how many were extended.
     */
    public int renew(String worker, Collection<String> grantIds, Instant leaseUntil) {
        if (grantIds.isEmpty()) {
            return 0;
        }
        return jdbc.update("update provisioning_queue set leased_until = ? where leased_by = ? and leased_until"
                + " is not null and grant_id in (" + String.join(",", Collections.nCopies(grantIds.size(), "?"))
                + ")", (Object[]) java.util.stream.Stream.concat(java.util.stream.Stream.of(ts(leaseUntil), worker),
                        grantIds.stream()).toArray());
    }

    /** How many calls wait (due or not). */
    public int depth() {
        Integer n = jdbc.queryForObject("select count(*) from provisioning_queue where operation <> 'NONE'",
                Integer.class);
        return n == null ? 0 : n;
    }

    /** The connector history of these grants (those whose connector was ever called), by grant id. */
    public Map<String, Attempts> attempts(Collection<String> grantIds) {
        Map<String, Attempts> found = new HashMap<>();
        if (grantIds.isEmpty()) {
            return found;
        }
        jdbc.query("select grant_id, attempts, last_answer, next_attempt_at from grant_attempts where grant_id in ("
                + String.join(",", Collections.nCopies(grantIds.size(), "?")) + ")", (ResultSet row) -> {
                    found.put(row.getString(1), new Attempts(row.getInt(2), row.getString(3),
                            row.getTimestamp(4) == null ? null : row.getTimestamp(4).toInstant()));
                }, grantIds.toArray());
        return found;
    }

    /**
     * The grants whose connector is being called to grant them (of one person, or everyone's with {@code employeeId}
     * null): before its first published event, a grant is only here.
     */
    public List<Granting> granting(String employeeId) {
        return jdbc.query("select grant_id, request_id, employee_id, entitlement, target, opened_at from"
                + " provisioning_queue where operation = 'GRANT' and (cast(? as varchar) is null or employee_id = ?)",
                (row, n) -> new Granting(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getTimestamp(6) == null ? null : row.getTimestamp(6).toInstant()),
                employeeId, employeeId);
    }

    /** A grant on its way to its target. {@code openedAt} is null for a grant opened before it was recorded. */
    public record Granting(String grantId, String requestId, String employeeId, String entitlement, String target,
            Instant openedAt) {
    }

    /** A grant's connector history. */
    public record Attempts(int failedAttempts, String lastAnswer, Instant nextAttemptAt) {
    }

    static EmployeeId employee(String id) {
        return id == null ? null : EmployeeId.of(id);
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
