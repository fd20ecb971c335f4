package io.accessledger.review.cleanup;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.identity.EmployeeTerminated;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.review.schedule.ReviewSchedule;
import io.accessledger.spine.inbound.Causation;
import io.accessledger.spine.inbound.EventConsumer;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Leavers lose everything, and nothing is left orphaned: on a termination (on its effective date) every grant the
 * person holds is asked to be revoked, and so is any grant that completes for them afterwards.
 */
@Component
public class LeaverCleanup implements EventConsumer {
    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final Clock clock;

    public LeaverCleanup(JdbcTemplate jdbc, CommandGateway commands, Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "leaver-cleanup";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.IDENTITY, Topic.PROVISIONING);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof AccessProvisioned p) {
            jdbc.update("insert into held_grant (grant_id, request_id, employee_id, entitlement) values (?, ?, ?, ?)"
                    + " on conflict do nothing", p.grantId().value(), p.requestId().value(), p.employeeId().value(),
                    p.entitlement().toString());
            if (leftBy(p.employeeId(), LocalDate.now(clock))) {
                revoke(p.grantId().value(), p.requestId().value(), p.employeeId().value(), p.entitlement().toString(),
                        envelope);
            }
        } else if (event instanceof AccessRevoked r) {
            jdbc.update("delete from held_grant where grant_id = ?", r.grantId().value());
        } else if (event instanceof AccessExpired x) {
            jdbc.update("delete from held_grant where grant_id = ?", x.grantId().value());
        } else if (event instanceof EmployeeTerminated t) {
            LocalDate effective = t.effectiveOn() == null ? LocalDate.now(clock) : t.effectiveOn();
            jdbc.update("insert into leaver (employee_id, effective_on, cause_id) values (?, ?, ?)"
                    + " on conflict (employee_id) do update set effective_on = excluded.effective_on,"
                    + " cause_id = excluded.cause_id, done = false", t.employeeId().value(), Date.valueOf(effective),
                    envelope.id());
            if (!effective.isAfter(LocalDate.now(clock))) {
                revokeAllOf(t.employeeId().value(), envelope);
            }
        }
    }

    /** Leavers whose effective date has come: everything they still hold goes. */
    @Scheduled(fixedDelayString = "${accessledger.review.leaver-sweep-every:PT10M}", initialDelayString = "PT30S")
    public void sweep() {
        List<Map<String, Object>> due = jdbc.queryForList("select employee_id, cause_id from leaver"
                + " where not done and effective_on <= ?", Date.valueOf(LocalDate.now(clock)));
        for (Map<String, Object> leaver : due) {
            revokeAllOf((String) leaver.get("employee_id"), null);
        }
    }

    private boolean leftBy(EmployeeId employee, LocalDate today) {
        return !jdbc.queryForList("select 1 from leaver where employee_id = ? and effective_on <= ?",
                employee.value(), Date.valueOf(today)).isEmpty();
    }

    private void revokeAllOf(String employeeId, Envelope cause) {
        for (Map<String, Object> grant : jdbc.queryForList("select * from held_grant where employee_id = ?",
                employeeId)) {
            revoke((String) grant.get("grant_id"), (String) grant.get("request_id"), employeeId,
                    (String) grant.get("entitlement"), cause);
        }
        jdbc.update("update leaver set done = true where employee_id = ?", employeeId);
    }

    private void revoke(String grantId, String requestId, String employeeId, String entitlement, Envelope cause) {
        Object command = new ReviewSchedule.RequestRevocation(GrantId.of(grantId), RequestId.of(requestId),
                EmployeeId.of(employeeId), Entitlement.parse(entitlement), RevocationReason.LEAVER, null,
                "Left the organisation", EventId.of(Ids.nameBased("leaver-revocation:" + grantId)), clock.instant());
        commands.sendAndWait(cause == null ? command
                : GenericCommandMessage.asCommandMessage(command).andMetaData(Causation.of(cause)));
    }
}
