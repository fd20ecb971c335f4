package io.accessledger.review.grants;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.IdentityEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.identity.EmployeeTerminated;
import io.accessledger.events.identity.EmployeeTransferred;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.provisioning.AccessExpired;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.review.AccessCertified;
import io.accessledger.events.review.AccessReviewRejected;
import io.accessledger.events.review.AccessReviewRequested;
import io.accessledger.events.review.AccessReviewUnanswered;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.events.review.ReviewScope;
import io.accessledger.spine.inbound.EventConsumer;
import io.accessledger.spine.replay.ReadModel;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What review-scheduler knows of grants, how each came to be and who holds it — what campaigns select from and what a
 * reviewer is shown. Facts from five topics, each in its own table, written idempotently and joined at query time, so
 * any arrival order gives the same answer: people (identity; the latest by the event's time), grants and their end
 * (provisioning), the request (justification), its approval (resource owner, sensitivity, tags, privileged level,
 * approvers, conditions, policy version, cadence) and the grant's reviews and asked-for revocation (this service's
 * own topic): a grant whose revocation is asked for is in no campaign's scope. Its only writer and reader.
 */
@Component
public class GrantHistoryView implements ReadModel {
    /** How often SOX-tagged and privileged access is reviewed, whatever the policy's cadence. */
    public static final Duration QUARTERLY = Duration.ofDays(90);
    private final JdbcTemplate jdbc;

    public GrantHistoryView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "grant-history";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.IDENTITY, Topic.PROVISIONING, Topic.REQUEST, Topic.APPROVAL, Topic.REVIEW);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return EventConsumer.isOneOf(type, IdentityEvent.class, AccessProvisioned.class, AccessRevoked.class,
                AccessExpired.class, RequestSubmitted.class, AccessApproved.class, AccessReviewRequested.class,
                AccessCertified.class, AccessReviewRejected.class, AccessReviewUnanswered.class,
                AccessRevocationRequested.class);
    }

    @Override
    public List<String> tables() {
        return List.of("review_person", "review_grant", "review_grant_ended", "review_approval", "review_request",
                "review_grant_review");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof IdentityEvent person) {
            person(person);
        } else if (event instanceof AccessProvisioned p) {
            provisioned(p);
        } else if (event instanceof AccessRevoked r) {
            ended(r.grantId(), r.occurredAt());
        } else if (event instanceof AccessExpired x) {
            ended(x.grantId(), x.occurredAt());
        } else if (event instanceof RequestSubmitted s) {
            jdbc.update("""
                    insert into review_request (request_id, requester_id, justification, ticket_ref, submitted_at)
                    values (?, ?, ?, ?, ?) on conflict do nothing""", s.requestId().value(), s.requesterId().value(),
                    s.justification(), s.ticketRef(), Timestamp.from(s.occurredAt()));
        } else if (event instanceof AccessApproved a) {
            approved(a);
        } else if (event instanceof AccessReviewRequested r) {
            reviewed(r.grantId(), "last_requested_at", r.occurredAt());
        } else if (event instanceof AccessCertified c) {
            settled(c.grantId(), c.occurredAt());
            reviewed(c.grantId(), "last_certified_at", c.occurredAt());
        } else if (event instanceof AccessReviewRejected r) {
            settled(r.grantId(), r.occurredAt());
        } else if (event instanceof AccessReviewUnanswered u) {
            settled(u.grantId(), u.occurredAt());
        } else if (event instanceof AccessRevocationRequested r) {
            reviewed(r.grantId(), "revocation_requested_at", r.occurredAt());
        }
    }

    private void person(IdentityEvent e) {
        Instant positionChanged = e instanceof EmployeeTransferred t && t.positionChanged() ? t.occurredAt() : null;
        LocalDate terminatedOn = e instanceof EmployeeTerminated t
                ? (t.effectiveOn() == null ? LocalDate.ofInstant(t.occurredAt(), ZoneOffset.UTC) : t.effectiveOn())
                : null;
        jdbc.update("""
                insert into review_person (employee_id, name, manager_id, department, job_title, status, updated_at,
                    position_changed_at, terminated_on, projected_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                on conflict (employee_id) do update set
                    projected_at = case when excluded.updated_at >= review_person.updated_at
                        and excluded.department is distinct from review_person.department then now()
                        else review_person.projected_at end,
                    name = case when excluded.updated_at >= review_person.updated_at then excluded.name
                        else review_person.name end,
                    manager_id = case when excluded.updated_at >= review_person.updated_at then excluded.manager_id
                        else review_person.manager_id end,
                    department = case when excluded.updated_at >= review_person.updated_at then excluded.department
                        else review_person.department end,
                    job_title = case when excluded.updated_at >= review_person.updated_at then excluded.job_title
                        else review_person.job_title end,
                    status = case when excluded.updated_at >= review_person.updated_at then excluded.status
                        else review_person.status end,
                    terminated_on = case when excluded.updated_at < review_person.updated_at
                        then review_person.terminated_on when excluded.status = 'TERMINATED'
                        then coalesce(excluded.terminated_on, review_person.terminated_on) else null end,
                    updated_at = greatest(review_person.updated_at, excluded.updated_at),
                    position_changed_at = greatest(review_person.position_changed_at, excluded.position_changed_at)
                """, e.employeeId().value(), e.profile().name(),
                e.profile().managerId() == null ? null : e.profile().managerId().value(), e.profile().department(),
                e.profile().jobTitle(), e.profile().status() == null ? null : e.profile().status().name(),
                Timestamp.from(e.occurredAt()), positionChanged == null ? null : Timestamp.from(positionChanged),
                terminatedOn == null ? null : Date.valueOf(terminatedOn));
    }

    private void provisioned(AccessProvisioned p) {
        jdbc.update("""
                insert into review_grant (grant_id, request_id, employee_id, entitlement, resource_id, connector,
                    reference, provisioned_by, conditions, granted_at, expires_at, review_due_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""",
                p.grantId().value(), p.requestId().value(), p.employeeId().value(), p.entitlement().toString(),
                p.entitlement().resourceId(), p.connector(), p.reference(),
                p.provisionedBy() == null ? null : p.provisionedBy().value(),
                p.conditions() == null ? null : EventJson.write(p.conditions()), Timestamp.from(p.grantedAt()),
                p.expiresAt() == null ? null : Timestamp.from(p.expiresAt()), Timestamp.from(p.reviewDueAt()));
    }

    private void ended(GrantId grantId, Instant at) {
        jdbc.update("""
                insert into review_grant_ended (grant_id, ended_at) values (?, ?)
                on conflict (grant_id) do update set ended_at = least(review_grant_ended.ended_at, excluded.ended_at)
                """, grantId.value(), Timestamp.from(at));
    }

    private void approved(AccessApproved a) {
        var resource = a.resource();
        jdbc.update("""
                insert into review_approval (request_id, resource_id, owner_id, sensitivity, tags, privileged,
                    approved_by, conditions, policy_version, review_cadence_s, approved_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""",
                a.requestId().value(), resource == null ? a.entitlement().resourceId() : resource.resourceId(),
                resource == null || resource.ownerId() == null ? null : resource.ownerId().value(),
                resource == null || resource.sensitivity() == null ? null : resource.sensitivity().name(),
                texts(resource == null ? null : resource.tags()), resource != null && resource.privilegedLevel(),
                texts(a.approvedBy()), a.conditions() == null ? null : EventJson.write(a.conditions()),
                a.policyVersion(), a.reviewCadence().toSeconds(), Timestamp.from(a.occurredAt()));
    }

    /**
     * A review of the grant settled (any outcome). Its row says when its last settlement moved ({@code projected_at}):
     * a grant under review in another campaign joins a due-date campaign's snapshot when its review settles
     * ({@link #changedSince}).
     */
    private void settled(GrantId grantId, Instant at) {
        jdbc.update("""
                insert into review_grant_review (grant_id, last_settled_at, projected_at) values (?, ?, now())
                on conflict (grant_id) do update set
                    last_settled_at = greatest(review_grant_review.last_settled_at, excluded.last_settled_at),
                    projected_at = case when review_grant_review.last_settled_at is null
                        or excluded.last_settled_at > review_grant_review.last_settled_at then now()
                        else review_grant_review.projected_at end""", grantId.value(), Timestamp.from(at));
    }

    /** {@code column} is one of this class's own column names, never input. */
    private void reviewed(GrantId grantId, String column, Instant at) {
        jdbc.update("insert into review_grant_review (grant_id, " + column + ") values (?, ?)"
                + " on conflict (grant_id) do update set " + column + " = greatest(review_grant_review." + column
                + ", excluded." + column + ")", grantId.value(), Timestamp.from(at));
    }

    /** An active grant in a campaign's scope, with what its reviewer assignment needs. */
    public record InScope(GrantId grantId, RequestId requestId, EmployeeId holder, Entitlement entitlement,
            EmployeeId holdersManager, EmployeeId resourceOwner, List<String> approvedBy) {
    }

    /** The date a grant's review falls due: SOX-tagged or privileged quarterly, else the policy's cadence. */
    private static final String DUE_AT = """
            (greatest(g.granted_at, coalesce(v.last_certified_at, g.granted_at))
                + (case when 'SOX' = any(coalesce(a.tags, '{}')) or coalesce(a.privileged, false) then ?
                   else coalesce(a.review_cadence_s, extract(epoch from g.review_due_at - g.granted_at))::bigint
                   end) * interval '1 second')""";

    /**
     * The grants of a campaign's snapshot as SQL to compose: {@code select} {@link #SNAPSHOT_COLUMNS} {@code sql()},
     * with {@code args()} bound first. The active grants in {@code scope} granted by {@code asOf} (the campaign's start,
     * its instant T): a grant granted later is never in it, one ended or whose revocation is asked for (before T or
     * since) is not either. With {@code scope.reviewDueBy()}, only grants whose review is due by then and that are not
     * under review already. Columns aliased {@code g} (grant), {@code a} (approval), {@code p} (holder).
     */
    public Snapshot snapshot(ReviewScope scope, Instant asOf) {
        return new Snapshot("""
                from review_grant g
                left join review_approval a on a.request_id = g.request_id
                left join review_person p on p.employee_id = g.employee_id
                left join review_grant_review v on v.grant_id = g.grant_id
                where g.granted_at <= ?::timestamptz
                  and not exists (select 1 from review_grant_ended e where e.grant_id = g.grant_id)
                  and v.revocation_requested_at is null
                  and (cardinality(?::text[]) = 0 or g.resource_id = any(?::text[]))
                  and (cardinality(?::text[]) = 0 or a.sensitivity = any(?::text[]))
                  and (cardinality(?::text[]) = 0 or a.tags && ?::text[])
                  and (?::text is null or p.department = ?::text)
                  and (not ? or a.privileged)
                  and (?::timestamptz is null or (""" + DUE_AT + """
                        <= ?::timestamptz
                      and (v.last_requested_at is null or v.last_settled_at >= v.last_requested_at))) """,
                Arrays.asList(Timestamp.from(asOf), texts(scope.resourceIds()), texts(scope.resourceIds()),
                        texts(scope.sensitivities()), texts(scope.sensitivities()), texts(scope.regulatoryTags()),
                        texts(scope.regulatoryTags()), scope.department(), scope.department(),
                        scope.privilegedOnly(), scope.reviewDueBy() == null ? null
                                : Timestamp.from(scope.reviewDueBy()), QUARTERLY.toSeconds(),
                        scope.reviewDueBy() == null ? null : Timestamp.from(scope.reviewDueBy())));
    }

    /** What a snapshot's rows carry, in {@link InScope}'s order. */
    public static final String SNAPSHOT_COLUMNS =
            "g.grant_id, g.request_id, g.employee_id, g.entitlement, p.manager_id, a.owner_id, a.approved_by ";

    /** A campaign snapshot's SQL ({@code from … where …}) and its arguments, in order. */
    public record Snapshot(String sql, List<Object> args) {
    }

    /**
     * One page of {@link #snapshot}'s grants after {@code afterGrantId} (grant id order, at most {@code limit}): what a
     * campaign's announcer reads page by page, never the whole set at once.
     */
    public List<InScope> inScope(ReviewScope scope, Instant asOf, String afterGrantId, int limit) {
        return inScope(scope, asOf, Narrowing.NONE, afterGrantId, limit);
    }

    /** As {@link #inScope(ReviewScope, Instant, String, int)}, of the snapshot's grants {@code narrowing} keeps. */
    public List<InScope> inScope(ReviewScope scope, Instant asOf, Narrowing narrowing, String afterGrantId,
            int limit) {
        Snapshot snapshot = snapshot(scope, asOf);
        List<Object> args = new ArrayList<>(snapshot.args());
        args.addAll(narrowing.args());
        args.add(afterGrantId);
        args.add(limit);
        return jdbc.query(page(snapshot, narrowing), (row, n) -> new InScope(
                        GrantId.of(row.getString(1)), RequestId.of(row.getString(2)), EmployeeId.of(row.getString(3)),
                        Entitlement.parse(row.getString(4)), employee(row.getString(5)), employee(row.getString(6)),
                        strings(row, 7)), args.toArray());
    }

    /** A page's statement: the snapshot's args, the narrowing's, then the grant id after which, and the limit. */
    static String page(Snapshot snapshot, Narrowing narrowing) {
        return "select " + SNAPSHOT_COLUMNS + snapshot.sql() + narrowing.sql()
                + " and g.grant_id > ? order by g.grant_id limit ?";
    }

    /** SQL over a snapshot's {@code g}, {@code a}, {@code p} that only narrows it ({@code and …}), with its args. */
    public record Narrowing(String sql, List<Object> args) {
        public static final Narrowing NONE = new Narrowing("", List.of());

        /** The grants both keep. */
        public Narrowing and(Narrowing other) {
            List<Object> both = new ArrayList<>(args);
            both.addAll(other.args());
            return new Narrowing(sql + " " + other.sql(), both);
        }
    }

    /**
     * The snapshot's grants that may have joined it at {@code since} or later: those whose row, or the row of a fact
     * that can add them to {@code scope}'s snapshot, was projected (or changed so) then ({@code projected_at} of each:
     * the start of the transaction that wrote it) — the grant itself (projected late; of those, only the ones
     * {@code projectedAlso} keeps, a narrowing over their {@code g}); its approval (projected late:
     * a scope by sensitivity, tags or privilege and a due-date scope's cadence read it); its holder (projected late, or
     * moved into the scope's department); its review (settled in another campaign: a due-date scope takes no grant
     * under review). Each through its table's index on {@code projected_at}, the grants gathered first into an array
     * and then read by their key, whatever the planner estimates: never a scan of the snapshot. Every other change of
     * a joined row (an end, a revocation or a review asked, a certification) only takes grants out of a snapshot.
     */
    public static Narrowing changedSince(ReviewScope scope, Instant since, Narrowing projectedAlso) {
        Timestamp at = Timestamp.from(since);
        StringBuilder changed = new StringBuilder(
                "select g.grant_id from review_grant g where g.projected_at >= ?::timestamptz " + projectedAlso.sql());
        List<Object> args = new ArrayList<>(List.of(at));
        args.addAll(projectedAlso.args());
        boolean dueBy = scope.reviewDueBy() != null;
        if (dueBy || !empty(scope.sensitivities()) || !empty(scope.regulatoryTags()) || scope.privilegedOnly()) {
            changed.append(" union all select c.grant_id from review_approval ca join review_grant c"
                    + " on c.request_id = ca.request_id where ca.projected_at >= ?::timestamptz");
            args.add(at);
        }
        if (scope.department() != null) {
            changed.append(" union all select c.grant_id from review_person cp join review_grant c"
                    + " on c.employee_id = cp.employee_id where cp.projected_at >= ?::timestamptz");
            args.add(at);
        }
        if (dueBy) {
            changed.append(" union all select grant_id from review_grant_review"
                    + " where projected_at >= ?::timestamptz");
            args.add(at);
        }
        return new Narrowing(" and g.grant_id = any(array(" + changed + "))", args);
    }

    private static boolean empty(List<String> values) {
        return values == null || values.isEmpty();
    }

    /** An active grant whose holder is TERMINATED (on or before the day) or UNKNOWN to the directory. */
    public record Orphan(GrantId grantId, RequestId requestId, EmployeeId holder, Entitlement entitlement,
            String holderStatus) {
    }

    /**
     * A page of orphaned grants after {@code afterGrantId} (grant id order): held by someone terminated by
     * {@code today}, or by someone the directory never named although the grant is older than {@code unknownBefore}
     * (time for the identity topic to catch up). Grants whose revocation is asked for are not listed.
     */
    public List<Orphan> orphans(LocalDate today, Instant unknownBefore, String afterGrantId, int limit) {
        return jdbc.query("""
                select g.grant_id, g.request_id, g.employee_id, g.entitlement,
                    case when p.employee_id is null then 'UNKNOWN' else 'TERMINATED' end
                from review_grant g
                left join review_person p on p.employee_id = g.employee_id
                left join review_grant_review v on v.grant_id = g.grant_id
                where g.grant_id > ?
                  and not exists (select 1 from review_grant_ended e where e.grant_id = g.grant_id)
                  and v.revocation_requested_at is null
                  and ((p.employee_id is null and g.granted_at <= ?) or (p.status = 'TERMINATED'
                      and coalesce(p.terminated_on, cast(p.updated_at as date)) <= ?))
                order by g.grant_id limit ?""",
                (row, n) -> new Orphan(GrantId.of(row.getString(1)), RequestId.of(row.getString(2)),
                        EmployeeId.of(row.getString(3)), Entitlement.parse(row.getString(4)), row.getString(5)),
                afterGrantId, Timestamp.from(unknownBefore), Date.valueOf(today), limit);
    }

    /** How a grant came to be, as a reviewer sees it. */
    public record History(GrantId grantId, RequestId requestId, EmployeeId holder, String holderName,
            Entitlement entitlement, String resourceSensitivity, List<String> regulatoryTags, boolean privileged,
            EmployeeId resourceOwner, EmployeeId requester, String justification, String ticketRef,
            Instant submittedAt, List<String> approvedBy, Instant approvedAt, Conditions conditions,
            String policyVersion, String connector, String provisioningReference, Instant grantedAt,
            Instant expiresAt, Instant endedAt, Instant holderPositionChangedAt) {
    }

    public Optional<History> history(GrantId grantId) {
        return jdbc.query("""
                select g.grant_id, g.request_id, g.employee_id, p.name, g.entitlement, a.sensitivity, a.tags,
                    a.privileged, a.owner_id, r.requester_id, r.justification, r.ticket_ref, r.submitted_at,
                    a.approved_by, a.approved_at, coalesce(a.conditions, g.conditions), a.policy_version, g.connector,
                    g.reference, g.granted_at, g.expires_at, e.ended_at, p.position_changed_at
                from review_grant g
                left join review_approval a on a.request_id = g.request_id
                left join review_request r on r.request_id = g.request_id
                left join review_person p on p.employee_id = g.employee_id
                left join review_grant_ended e on e.grant_id = g.grant_id
                where g.grant_id = ?""", (row, n) -> new History(GrantId.of(row.getString(1)),
                RequestId.of(row.getString(2)), EmployeeId.of(row.getString(3)), row.getString(4),
                Entitlement.parse(row.getString(5)), row.getString(6), strings(row, 7), row.getBoolean(8),
                employee(row.getString(9)), employee(row.getString(10)), row.getString(11), row.getString(12),
                instant(row, 13), strings(row, 14), instant(row, 15),
                row.getString(16) == null ? null : EventJson.read(row.getString(16), Conditions.class),
                row.getString(17), row.getString(18), row.getString(19), instant(row, 20), instant(row, 21),
                instant(row, 22), instant(row, 23)), grantId.value()).stream().findFirst();
    }

    /** The resource's owner as the latest approval of access to it named them, if any. */
    public Optional<EmployeeId> ownerOf(String resourceId) {
        return jdbc.queryForList("""
                select owner_id from review_approval where resource_id = ? and owner_id is not null
                order by approved_at desc limit 1""", String.class, resourceId).stream().findFirst()
                .map(EmployeeId::of);
    }

    /** The person's manager, if known. */
    public Optional<EmployeeId> managerOf(EmployeeId employeeId) {
        return jdbc.queryForList("select manager_id from review_person where employee_id = ? and manager_id is not null",
                String.class, employeeId.value()).stream().findFirst().map(EmployeeId::of);
    }

    private static String[] texts(List<String> values) {
        return values == null ? new String[0] : values.toArray(String[]::new);
    }

    private static EmployeeId employee(String id) {
        return id == null ? null : EmployeeId.of(id);
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp at = row.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    private static List<String> strings(ResultSet row, int column) throws SQLException {
        Array array = row.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
