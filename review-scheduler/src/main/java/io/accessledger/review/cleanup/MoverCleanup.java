package io.accessledger.review.cleanup;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.policyinforce.PolicyInForceView;
import io.accessledger.review.schedule.ReviewSchedule;
import io.accessledger.spine.inbound.Causation;
import io.accessledger.spine.inbound.EventConsumer;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Movers keep what their new position's standard profile holds and lose the rest: on a transfer to another position
 * (on its effective date; a sweep picks up future-dated ones) every grant outside the new profile is asked to be
 * revoked (reason MOVER), except grants whose request was submitted on or after the effective date (asked for the new
 * role). A grant of an older request that completes later goes too. The grants are kept in {@code held_grant} with
 * the same idempotent writes as the leaver clean-up, so neither depends on the other's progress.
 */
@Component
public class MoverCleanup implements EventConsumer {
    private static final Logger log = LoggerFactory.getLogger(MoverCleanup.class);
    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final PolicyInForceView profiles;
    private final Clock clock;

    public MoverCleanup(JdbcTemplate jdbc, CommandGateway commands, PolicyInForceView profiles, Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.profiles = profiles;
        this.clock = clock;
    }

    private record Move(String employeeId, LocalDate effectiveOn, String department, String jobTitle) {
    }

    @Override
    public String name() {
        return "mover-cleanup";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.IDENTITY, Topic.PROVISIONING, Topic.REQUEST);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof RequestSubmitted s) {
            jdbc.update("insert into request_submitted (request_id, submitted_at) values (?, ?) on conflict do nothing",
                    s.requestId().value(), Timestamp.from(s.occurredAt()));
        } else if (event instanceof AccessProvisioned p) {
            jdbc.update("insert into held_grant (grant_id, request_id, employee_id, entitlement) values (?, ?, ?, ?)"
                    + " on conflict do nothing", p.grantId().value(), p.requestId().value(), p.employeeId().value(),
                    p.entitlement().toString());
            Optional<Move> move = move(p.employeeId().value()).filter(m -> !m.effectiveOn().isAfter(today()));
            if (move.isPresent()) {
                revokeOutsideProfile(move.get(), List.of(Map.of("grant_id", p.grantId().value(), "request_id",
                        p.requestId().value(), "entitlement", p.entitlement().toString())), envelope);
            }
        } else if (event instanceof AccessRevoked r) {
            jdbc.update("delete from held_grant where grant_id = ?", r.grantId().value());
        } else if (event instanceof AccessExpired x) {
            jdbc.update("delete from held_grant where grant_id = ?", x.grantId().value());
        } else if (event instanceof EmployeeTransferred t && t.positionChanged()) {
            LocalDate effective = t.effectiveOn() == null ? today() : t.effectiveOn();
            jdbc.update("""
                    insert into mover (employee_id, effective_on, department, job_title, cause_id) values (?, ?, ?, ?, ?)
                    on conflict (employee_id) do update set effective_on = excluded.effective_on,
                        department = excluded.department, job_title = excluded.job_title,
                        cause_id = excluded.cause_id, done = false""",
                    t.employeeId().value(), Date.valueOf(effective), t.profile().department(),
                    t.profile().jobTitle(), envelope.id());
            if (!effective.isAfter(today())) {
                revokeAllOutsideProfile(t.employeeId().value(), envelope);
            }
        }
    }

    /** Movers whose effective date has come (or whose policy was not there yet): what falls outside goes. */
    @Scheduled(fixedDelayString = "${accessledger.review.mover-sweep-every:PT10M}", initialDelayString = "PT30S")
    public void sweep() {
        for (String employeeId : jdbc.queryForList("select employee_id from mover where not done and effective_on <= ?",
                String.class, Date.valueOf(today()))) {
            revokeAllOutsideProfile(employeeId, null);
        }
    }

    private void revokeAllOutsideProfile(String employeeId, Envelope cause) {
        Move move = move(employeeId).orElseThrow();
        List<Map<String, Object>> held = jdbc.queryForList(
                "select grant_id, request_id, entitlement from held_grant where employee_id = ?", employeeId);
        if (revokeOutsideProfile(move, held, cause)) {
            jdbc.update("update mover set done = true where employee_id = ?", employeeId);
        }
    }

    /** Answers false when no policy is known yet (the sweep tries again). */
    private boolean revokeOutsideProfile(Move move, List<Map<String, Object>> grants, Envelope cause) {
        Optional<PolicyDocument> policy = profiles.current();
        if (policy.isEmpty()) {
            log.warn("No policy known yet: the move of {} is cleaned up once one is", move.employeeId());
            return false;
        }
        List<Entitlement> profile = policy.get().standardProfile(move.department(), move.jobTitle());
        for (Map<String, Object> grant : grants) {
            String grantId = (String) grant.get("grant_id");
            String requestId = (String) grant.get("request_id");
            Entitlement entitlement = Entitlement.parse((String) grant.get("entitlement"));
            if (MoverRules.losesOnMove(entitlement, profile, submittedAt(requestId), move.effectiveOn())) {
                revoke(grantId, requestId, move, entitlement, cause);
            }
        }
        return true;
    }

    private void revoke(String grantId, String requestId, Move move, Entitlement entitlement, Envelope cause) {
        Object command = new ReviewSchedule.RequestRevocation(GrantId.of(grantId), RequestId.of(requestId),
                EmployeeId.of(move.employeeId()), entitlement, RevocationReason.MOVER, null,
                "Moved to " + move.jobTitle() + ", " + move.department() + " on " + move.effectiveOn() + "; "
                        + entitlement + " is outside the new position's standard profile",
                EventId.of(Ids.nameBased("mover-revocation:" + grantId)), clock.instant());
        commands.sendAndWait(cause == null ? command
                : GenericCommandMessage.asCommandMessage(command).andMetaData(Causation.of(cause)));
        log.info("Mover {}: revocation of grant {} ({}) requested", move.employeeId(), grantId, entitlement);
    }

    private Optional<Move> move(String employeeId) {
        return jdbc.query("select * from mover where employee_id = ?", (row, n) -> new Move(
                row.getString("employee_id"), row.getDate("effective_on").toLocalDate(), row.getString("department"),
                row.getString("job_title")), employeeId).stream().findFirst();
    }

    private Instant submittedAt(String requestId) {
        List<Timestamp> found = jdbc.queryForList("select submitted_at from request_submitted where request_id = ?",
                Timestamp.class, requestId);
        return found.isEmpty() ? null : found.get(0).toInstant();
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
