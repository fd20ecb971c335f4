package io.accessledger.review.cleanup;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.spine.replay.ReadModel;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The grants people hold now ({@code held_grant}), projected from the provisioning topic. Its writes are idempotent
 * and both clean-ups apply each provisioning event through it in their own handling, so neither depends on the
 * other's (or a third consumer's) progress. Its only writer and reader.
 */
@Component
public class HeldGrantsView implements ReadModel {
    private final JdbcTemplate jdbc;

    public HeldGrantsView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "held-grants";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.PROVISIONING);
    }

    @Override
    public List<String> tables() {
        return List.of("held_grant");
    }

    /**
     * Its own projection, which a rebuild replays; both clean-ups also apply each provisioning event
     * themselves (so neither waits for this one); the writes are idempotent.
     */
    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof AccessProvisioned p) {
            provisioned(p);
        } else if (event instanceof AccessRevoked r) {
            ended(r.grantId());
        } else if (event instanceof AccessExpired x) {
            ended(x.grantId());
        }
    }

    /** One grant someone holds. */
    public record HeldGrant(GrantId grantId, RequestId requestId, EmployeeId employeeId, Entitlement entitlement) {
    }

    public void provisioned(AccessProvisioned p) {
        jdbc.update("insert into held_grant (grant_id, request_id, employee_id, entitlement) values (?, ?, ?, ?)"
                + " on conflict do nothing", p.grantId().value(), p.requestId().value(), p.employeeId().value(),
                p.entitlement().toString());
    }

    /** The grant was revoked or expired: no longer held. */
    public void ended(GrantId grantId) {
        jdbc.update("delete from held_grant where grant_id = ?", grantId.value());
    }

    public List<HeldGrant> heldBy(EmployeeId employeeId) {
        return jdbc.query("select grant_id, request_id, employee_id, entitlement from held_grant where employee_id = ?"
                + " order by grant_id", (row, n) -> new HeldGrant(GrantId.of(row.getString(1)),
                RequestId.of(row.getString(2)), EmployeeId.of(row.getString(3)), Entitlement.parse(row.getString(4))),
                employeeId.value());
    }

    /** Which of these grants are still held, in one query. */
    public Set<GrantId> stillHeld(Collection<GrantId> grantIds) {
        Set<GrantId> held = new HashSet<>();
        if (!grantIds.isEmpty()) {
            jdbc.query("select grant_id from held_grant where grant_id = any(?)",
                    (RowCallbackHandler) row -> held.add(GrantId.of(row.getString(1))),
                    (Object) grantIds.stream().map(GrantId::value).toArray(String[]::new));
        }
        return held;
    }
}
