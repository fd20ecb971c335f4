package io.accessledger.request.intake;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.spine.replay.ReadModel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What each person holds now (provisioned, not revoked or expired), for prefill and the duplicate check: projected
 * from the provisioning topic; the only writer and reader of {@code held_grant}.
 */
@Component
public class HoldingsView implements ReadModel {
    private final JdbcTemplate jdbc;

    public HoldingsView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "holdings";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.PROVISIONING);
    }

    @Override
    public List<String> tables() {
        return List.of("held_grant");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof AccessProvisioned p) {
            jdbc.update("insert into held_grant (grant_id, employee_id, entitlement) values (?, ?, ?)"
                    + " on conflict do nothing", p.grantId().value(), p.employeeId().value(), p.entitlement().toString());
        } else if (event instanceof AccessRevoked r) {
            jdbc.update("delete from held_grant where grant_id = ?", r.grantId().value());
        } else if (event instanceof AccessExpired x) {
            jdbc.update("delete from held_grant where grant_id = ?", x.grantId().value());
        }
    }

    /** Entitlement → grant id, for everything the person holds. */
    public Map<Entitlement, String> held(EmployeeId employeeId) {
        return jdbc.query("select entitlement, grant_id from held_grant where employee_id = ?",
                (row, n) -> Map.entry(Entitlement.parse(row.getString(1)), row.getString(2)), employeeId.value())
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
    }
}
