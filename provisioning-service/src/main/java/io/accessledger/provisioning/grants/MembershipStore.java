package io.accessledger.provisioning.grants;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.events.provisioning.ProvisioningRetried;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who needs each target membership ({@code grant_membership}, V9). Connectors act on the target's membership (the
 * person's account in the entitlement's group), not on a grant, and two grants of one person for one entitlement on
 * one target — two requests seconds apart, both approved — share it: removing it for one would take the other's
 * access while the ledger still shows it active. The {@link Grant} asks this store before it removes the membership
 * and before it counts a provisioning call as done.
 *
 * <p>Operational state, not a projection of the topic: it is kept by the grants' own events in the transaction that
 * records them (the subscribing processor {@link ProvisioningQueueStore#GROUP}), so it is never behind the grants, and
 * it also reads the internal {@link Grant.RevocationStarted}, which the topic never carries. Each question first takes
 * a transaction-scoped lock on the membership's key, so two decisions about one membership (two revocations, a
 * revocation and a provisioning) are taken one after the other, each seeing what the other committed.
 */
@Component
@ProcessingGroup(ProvisioningQueueStore.GROUP)
public class MembershipStore implements Grant.Memberships {
    private final JdbcTemplate jdbc;

    public MembershipStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<GrantId> heldByAnother(GrantId grant, EmployeeId employee, Entitlement entitlement,
            String target) {
        lock(employee, entitlement, target);
        return first(jdbc.queryForList("""
                select grant_id from grant_membership
                where employee_id = ? and entitlement = ? and target = ? and grant_id <> ? and state = 'HOLDING'
                order by grant_id limit 1""", String.class, employee.value(), entitlement.toString(), target,
                grant.value()));
    }

    @Override
    public Optional<GrantId> removedByAnother(GrantId grant, EmployeeId employee, Entitlement entitlement,
            String target, Instant since) {
        lock(employee, entitlement, target);
        return first(jdbc.queryForList("""
                select grant_id from grant_membership
                where employee_id = ? and entitlement = ? and target = ? and grant_id <> ?
                and (state = 'REMOVING' or removed_at >= ?)
                order by grant_id limit 1""", String.class, employee.value(), entitlement.toString(), target,
                grant.value(), ts(since == null ? Instant.EPOCH : since)));
    }

    /** A grant that holds a target membership: provisioning, awaiting fulfilment, or active. */
    public record Holder(String grantId, String requestId, String employeeId) {
    }

    /**
     * The grants holding a membership of {@code entitlement} on {@code target}, as of the last committed grant
     * command: a grant provisioned a moment ago, or being provisioned, is here before {@link GrantView} has it.
     */
    public List<Holder> holding(String target, Entitlement entitlement) {
        return jdbc.query("""
                select grant_id, request_id, employee_id from grant_membership
                where target = ? and entitlement = ? and state = 'HOLDING' order by employee_id, grant_id""",
                (row, n) -> new Holder(row.getString(1), row.getString(2), row.getString(3)), target,
                entitlement.toString());
    }

    /**
     * Held until the transaction ends; keyed by a 64-bit hash of the membership (a collision only makes two
     * memberships' decisions wait for each other).
     */
    private void lock(EmployeeId employee, Entitlement entitlement, String target) {
        jdbc.queryForList("select pg_advisory_xact_lock(hashtextextended(?, 0))", Object.class,
                "grant-membership/" + employee.value() + "/" + entitlement + "/" + target);
    }

    @EventHandler
    void on(Grant.GrantOpened e) {
        jdbc.update("""
                insert into grant_membership (grant_id, request_id, employee_id, entitlement, target, state)
                values (?, ?, ?, ?, ?, 'HOLDING') on conflict (grant_id) do nothing""", e.grantId().value(),
                e.requestId().value(), e.employeeId().value(), e.entitlement().toString(), e.target());
    }

    @EventHandler
    void on(ProvisioningFailed e) {
        state(e.grantId(), "RELEASED");
    }

    @EventHandler
    void on(ProvisioningRetried e) {
        state(e.grantId(), "HOLDING");
    }

    @EventHandler
    void on(Grant.RevocationStarted e) {
        state(e.grantId(), "REMOVING");
    }

    @EventHandler
    void on(AccessRevoked e) {
        ended(e.grantId(), e.membershipKeptFor(), e.occurredAt());
    }

    @EventHandler
    void on(AccessExpired e) {
        ended(e.grantId(), e.membershipKeptFor(), e.occurredAt());
    }

    private void ended(GrantId grant, GrantId keptFor, Instant at) {
        jdbc.update("update grant_membership set state = 'RELEASED', removed_at = ? where grant_id = ?",
                keptFor == null ? ts(at) : null, grant.value());
    }

    private void state(GrantId grant, String state) {
        jdbc.update("update grant_membership set state = ? where grant_id = ?", state, grant.value());
    }

    private static Optional<GrantId> first(List<String> ids) {
        return ids.stream().findFirst().map(GrantId::of);
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
