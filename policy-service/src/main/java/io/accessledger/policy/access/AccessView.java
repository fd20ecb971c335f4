package io.accessledger.policy.access;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.IdentityEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.events.provisioning.ProvisioningRetried;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.spine.inbound.EventConsumer;
import io.accessledger.spine.replay.ReadModel;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The directory and current access, built from events: who people are, what they hold (provisioned, not yet
 * revoked or expired) and what they have in flight, so SoD is checked against both.
 */
@Component
public class AccessView implements ReadModel {
    private final JdbcTemplate jdbc;

    public AccessView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The consumer's name (its dedupe records and consumer group). */
    public static final String NAME = "access-view";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.IDENTITY, Topic.PROVISIONING, Topic.APPROVAL, Topic.REQUEST);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return EventConsumer.isOneOf(type, IdentityEvent.class, RequestSubmitted.class, AccessProvisioned.class,
                AccessRevoked.class, AccessExpired.class, ProvisioningFailed.class, ProvisioningRetried.class,
                AccessDenied.class, RequestRevised.class, RequestWithdrawn.class);
    }

    @Override
    public List<String> tables() {
        return List.of("person", "held_access", "pending_access", "ended_request");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof IdentityEvent identity) {
            jdbc.update("""
                    insert into person (employee_id, profile, as_of) values (?, ?, ?)
                    on conflict (employee_id) do update set profile = excluded.profile, as_of = excluded.as_of
                    where person.as_of <= excluded.as_of""",
                    identity.employeeId().value(), EventJson.write(identity.profile()), Timestamp.from(identity.occurredAt()));
        } else if (event instanceof RequestSubmitted s) {
            // The evaluation consumer records its own request before evaluating it (so it never waits for this
            // consumer); this projection is what a rebuild replays. The write is idempotent.
            startPending(s.requestId().value(), s.beneficiaryId(), s.entitlement());
        } else if (event instanceof AccessProvisioned p) {
            jdbc.update("insert into held_access (grant_id, employee_id, entitlement) values (?, ?, ?)"
                    + " on conflict do nothing", p.grantId().value(), p.employeeId().value(), p.entitlement().toString());
            endPending(p.requestId().value());
        } else if (event instanceof AccessRevoked r) {
            jdbc.update("delete from held_access where grant_id = ?", r.grantId().value());
        } else if (event instanceof AccessExpired x) {
            jdbc.update("delete from held_access where grant_id = ?", x.grantId().value());
        } else if (event instanceof ProvisioningFailed f) {
            endPending(f.requestId().value());
        } else if (event instanceof ProvisioningRetried r) {
            // Sent back to the target by IAM: in flight again.
            jdbc.update("delete from ended_request where request_id = ?", r.requestId().value());
            startPending(r.requestId().value(), r.employeeId(), r.entitlement());
        } else if (event instanceof AccessDenied d) {
            endPending(d.requestId().value());
        } else if (event instanceof RequestRevised r) {
            revisePending(r.requestId().value(), r.accessLevel());
        } else if (event instanceof RequestWithdrawn w) {
            endPending(w.requestId().value());
        }
    }

    private void endPending(String requestId) {
        jdbc.update("insert into ended_request (request_id) values (?) on conflict do nothing", requestId);
        jdbc.update("delete from pending_access where request_id = ?", requestId);
    }

    /** Records a request in flight (unless it already ended: topics are not ordered with each other). */
    public void startPending(String requestId, EmployeeId employeeId, Entitlement entitlement) {
        jdbc.update("""
                insert into pending_access (request_id, employee_id, entitlement)
                select ?, ?, ? where not exists (select 1 from ended_request where request_id = ?)
                on conflict do nothing""", requestId, employeeId.value(), entitlement.toString(), requestId);
    }

    /**
     * A request in flight revised after a return asks for another level of the same resource: it counts against the
     * beneficiary's other requests as what it asks for now (a request that ended has no row to change). Comes after the
     * submission's {@link #startPending} on the same key, in this consumer and in the evaluation consumer alike.
     */
    public void revisePending(String requestId, String level) {
        jdbc.update("""
                update pending_access set entitlement = split_part(entitlement, ':', 1) || ':' || ?
                where request_id = ?""", level, requestId);
    }

    /** What an evaluation reads about one person: who they are (empty if unknown), what they hold, what is in flight. */
    public record Holdings(Optional<EmployeeProfile> person, Set<Entitlement> held, Set<Entitlement> pending) {
    }

    /**
     * The person, their held access and what they have in flight other than {@code exceptRequestId}: one round trip
     * to PostgreSQL for each evaluation (docs/BENCHMARKS.md, "Policy evaluation on the production access view").
     */
    public Holdings holdings(EmployeeId employeeId, String exceptRequestId) {
        String id = employeeId.value();
        List<Map.Entry<Integer, String>> rows = jdbc.query("""
                select 0 as part, profile as value from person where employee_id = ?
                union all select 1, entitlement from held_access where employee_id = ?
                union all select 2, entitlement from pending_access where employee_id = ? and request_id <> ?""",
                (rs, n) -> Map.entry(rs.getInt(1), rs.getString(2)), id, id, id, exceptRequestId);
        Optional<EmployeeProfile> person = Optional.empty();
        Set<Entitlement> held = new HashSet<>();
        Set<Entitlement> pending = new HashSet<>();
        for (Map.Entry<Integer, String> row : rows) {
            switch (row.getKey()) {
                case 0 -> person = Optional.of(EventJson.read(row.getValue(), EmployeeProfile.class));
                case 1 -> held.add(Entitlement.parse(row.getValue()));
                default -> pending.add(Entitlement.parse(row.getValue()));
            }
        }
        return new Holdings(person, held, pending);
    }

    public Optional<EmployeeProfile> person(EmployeeId employeeId) {
        List<String> rows = jdbc.queryForList("select profile from person where employee_id = ?", String.class,
                employeeId.value());
        return rows.stream().findFirst().map(text -> EventJson.read(text, EmployeeProfile.class));
    }
}
