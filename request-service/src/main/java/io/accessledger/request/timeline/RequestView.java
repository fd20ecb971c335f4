package io.accessledger.request.timeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.RequestScoped;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Finding;
import io.accessledger.events.policy.ConflictFlagged;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.request.RequestRevised;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.spine.replay.ReadModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every request's status, flags and timeline, from every topic (the request's own events read back from its topic
 * included): one timeline entry per domain event about the request, at the event's own time (never the wall clock),
 * so a replay builds the same view. The only writer and the only reader of {@code request_view},
 * {@code request_timeline} and {@code request_flag}.
 */
@Component
public class RequestView implements ReadModel {
    /** Statuses in which a request is still in flight. */
    private static final String IN_FLIGHT = "('SUBMITTED', 'IN_REVIEW', 'RETURNED', 'APPROVED')";
    private static final String SUMMARY = """
            select v.*, array(select f.flag from request_flag f where f.request_id = v.request_id order by f.flag)
                as flags
            from request_view v where v.requester_id is not null""";
    private final JdbcTemplate jdbc;
    private final ObjectMapper json = EventJson.mapper();

    /**
     * The request's row with the status an event gives, in one statement: a request seen for the first time gets its
     * row with that status; on a row already there the status is applied unless a later (or equal-time, higher-rank)
     * status is there — except that a withdrawal or denial always ends an undecided request and nothing undecided
     * follows it ({@link RequestStatus}). (It was an insert of the bare row and an update of its status: two
     * statements an event, docs/BENCHMARKS.md "Fourteenth round".)
     */
    private static final String ROW_WITH_STATUS = """
            insert into request_view as v (request_id, status, status_rank, status_at) values (?, ?, ?, ?)
            on conflict (request_id) do update
                set status = excluded.status, status_rank = excluded.status_rank, status_at = excluded.status_at
            where not (coalesce(v.status, '') in (%1$s) and ?)
                and ((coalesce(v.status, '') in (%2$s) and ?)
                    or v.status_at is null or v.status_at < ? or (v.status_at = ? and v.status_rank <= ?))"""
            .formatted(sqlList(RequestStatus.ENDED_UNDECIDED), sqlList(RequestStatus.UNDECIDED));
    private final RequestTimes times;

    public RequestView(JdbcTemplate jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.times = new RequestTimes(clock, meters);
    }

    /** One request as its parties and overseers see it; the timeline only when one request is asked for. */
    public record Request(String requestId, String status, String requesterId, String beneficiaryId,
            String resourceId, String accessLevel, String justification, String accessDuration, String bundleId,
            String source, Boolean exceedsStandardProfile, List<String> flags, Object conditions, String grantId,
            Instant submittedAt, List<TimelineEntry> timeline) {
    }

    /** One domain event about a request: its type, time, actor, reason and the event itself. */
    public record TimelineEntry(String type, Instant at, String actorId, String reason, Object details) {
    }

    @Override
    public String name() {
        return "request-timeline";
    }

    @Override
    public Set<Topic> topics() {
        return Set.copyOf(Topic.eventTopics());
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return RequestScoped.class.isAssignableFrom(type);
    }

    @Override
    public List<String> tables() {
        return List.of("request_view", "request_timeline", "request_flag");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (!(event instanceof RequestScoped scoped)) {
            return;
        }
        String requestId = scoped.requestId().value();
        Timestamp at = Timestamp.from(event.occurredAt());
        Optional<RequestStatus> after = RequestStatus.after(event);
        if (after.isPresent()) {
            RequestStatus status = after.get();
            jdbc.update(ROW_WITH_STATUS, requestId, status.name(), status.rank(), at,
                    RequestStatus.UNDECIDED.contains(status), RequestStatus.ENDED_UNDECIDED.contains(status), at, at,
                    status.rank());
        } else {
            jdbc.update("insert into request_view (request_id) values (?) on conflict do nothing", requestId);
        }
        jdbc.update("""
                insert into request_timeline (event_id, request_id, type, at, actor_id, reason, details)
                values (?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing""",
                event.eventId().value(), requestId, EventCatalog.of(event).name(), at,
                event.actorId() == null ? null : event.actorId().value(), event.reason(), EventJson.write(event));
        if (event instanceof RequestSubmitted s) {
            jdbc.update("""
                    update request_view set requester_id = ?, beneficiary_id = ?, resource_id = ?, access_level = ?,
                        justification = ?, access_duration = ?, bundle_id = ?, source = ?, submitted_at = ?,
                        exceeds_standard_profile = ?
                    where request_id = ?""",
                    s.requesterId().value(), s.beneficiaryId().value(), s.resourceId(), s.accessLevel(),
                    s.justification(), s.accessDuration() == null ? null : EventJson.format(s.accessDuration()),
                    s.bundleId(), s.source().name(), at, s.exceedsStandardProfile(), requestId);
            if (Boolean.TRUE.equals(s.exceedsStandardProfile())) {
                flag(requestId, "exceedsStandardProfile");
            }
        } else if (event instanceof RequestRevised r) {
            // After its submission on the same key: what the request asks for now, which the in-flight check of the
            // door and the next revision's default level read too.
            jdbc.update("""
                    update request_view set access_level = ?, justification = ?, access_duration = ?
                    where request_id = ?""", r.accessLevel(), r.justification(),
                    r.accessDuration() == null ? null : EventJson.format(r.accessDuration()), requestId);
        } else if (event instanceof PolicyEvaluated evaluated) {
            for (Finding finding : evaluated.findings()) {
                flag(requestId, finding.rule());
            }
        } else if (event instanceof ConflictFlagged conflict) {
            flag(requestId, "sodConflict:" + conflict.ruleId());
        } else if (event instanceof AccessApproved approved) {
            time("update request_view set conditions = ? where request_id = ? returning source, submitted_at",
                    event.occurredAt(), (source, submittedAt) -> times.decided("approved", source, submittedAt,
                            event.occurredAt()), EventJson.write(approved.conditions()), requestId);
        } else if (event instanceof AccessDenied) {
            if (times.times(event.occurredAt())) {
                time("select source, submitted_at from request_view where request_id = ?", event.occurredAt(),
                        (source, submittedAt) -> times.decided("denied", source, submittedAt, event.occurredAt()),
                        requestId);
            }
        } else if (event instanceof AccessProvisioned provisioned) {
            time("update request_view set grant_id = ? where request_id = ? returning source, submitted_at",
                    event.occurredAt(), (source, submittedAt) -> times.provisioned(source, submittedAt,
                            event.occurredAt()), provisioned.grantId().value(), requestId);
        }
    }

    /**
     * Runs {@code sql}, which answers the request's {@code source} and {@code submitted_at} (an update of the step's
     * own column {@code returning} them, so the step costs one statement, or the select of them), and times the step
     * if it is news, from the request's submission (if the timeline has seen it).
     */
    private void time(String sql, Instant at, BiConsumer<String, Instant> step, Object... args) {
        jdbc.query(sql, (ResultSet row) -> {
            Timestamp submittedAt = row.getTimestamp("submitted_at");
            if (submittedAt != null && times.times(at)) {
                step.accept(row.getString("source"), submittedAt.toInstant());
            }
        }, args);
    }

    private static String sqlList(java.util.Set<RequestStatus> statuses) {
        return statuses.stream().map(status -> "'" + status.name() + "'").sorted()
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private void flag(String requestId, String flag) {
        jdbc.update("insert into request_flag (request_id, flag) values (?, ?) on conflict do nothing",
                requestId, flag);
    }

    /** How many submitted requests are in each status, per source ({@code "<status>/<source>"} to count). */
    public java.util.Map<String, Long> countsByStatusAndSource() {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        jdbc.query("select status, source, count(*) as n from request_view where status is not null"
                + " and source is not null group by status, source",
                (ResultSet row) -> {
                    counts.put(row.getString("status") + "/" + row.getString("source"), row.getLong("n"));
                });
        return counts;
    }

    /** A submitted request with its flags and its timeline; empty when no submission of it was seen. */
    public Optional<Request> find(String requestId) {
        return jdbc.query(SUMMARY + " and v.request_id = ?", this::summary, requestId).stream().findFirst()
                .map(request -> withTimeline(request, timeline(requestId)));
    }

    /**
     * One page of submitted requests, newest first, without timelines: those {@code partyOf} is requester or
     * beneficiary of ({@code null}: everybody's), optionally of one beneficiary and in one status.
     */
    public List<Request> page(EmployeeId partyOf, String beneficiaryId, String status, int page, int size) {
        StringBuilder sql = new StringBuilder(SUMMARY);
        List<Object> args = new ArrayList<>();
        if (partyOf != null) {
            sql.append(" and (v.requester_id = ? or v.beneficiary_id = ?)");
            args.add(partyOf.value());
            args.add(partyOf.value());
        }
        if (beneficiaryId != null) {
            sql.append(" and v.beneficiary_id = ?");
            args.add(beneficiaryId);
        }
        if (status != null) {
            sql.append(" and v.status = ?");
            args.add(status);
        }
        sql.append(" order by v.submitted_at desc, v.request_id limit ? offset ?");
        args.add(size);
        args.add(page * size);
        return jdbc.query(sql.toString(), this::summary, args.toArray());
    }

    /**
     * What a submitted request asks for, when {@code requesterId} is its requester; empty when no submission of it was
     * seen or someone else asked for it (one answer for both: the caller must not learn which).
     */
    public Optional<Entitlement> entitlementRequestedBy(String requestId, EmployeeId requesterId) {
        return jdbc.query("select resource_id, access_level from request_view where request_id = ?"
                        + " and requester_id = ?",
                (row, n) -> new Entitlement(row.getString(1), row.getString(2)), requestId, requesterId.value())
                .stream().findFirst();
    }

    /** A request of the person for this entitlement that is still in flight, if any. */
    public Optional<String> inFlight(EmployeeId beneficiaryId, Entitlement entitlement) {
        return jdbc.queryForList("select request_id from request_view where beneficiary_id = ? and resource_id = ?"
                        + " and access_level = ? and status in " + IN_FLIGHT + " order by request_id", String.class,
                beneficiaryId.value(), entitlement.resourceId(), entitlement.level()).stream().findFirst();
    }

    /**
     * Whether the timeline has seen the request end without a grant (denied, withdrawn, failed) or its grant end
     * (revoked, expired); false for a request it has not seen.
     */
    public boolean ended(String requestId) {
        return !jdbc.queryForList("select 1 from request_view where request_id = ? and status in"
                + " ('DENIED', 'WITHDRAWN', 'FAILED', 'REVOKED', 'EXPIRED')", Integer.class, requestId).isEmpty();
    }

    /** The requests still in flight for the person, as the timeline last saw them. */
    public List<String> inFlight(EmployeeId beneficiaryId) {
        return jdbc.queryForList("select request_id from request_view where beneficiary_id = ?"
                + " and status in " + IN_FLIGHT + " order by request_id", String.class, beneficiaryId.value());
    }

    private List<TimelineEntry> timeline(String requestId) {
        return jdbc.query("""
                select type, at, actor_id, reason, details from request_timeline
                where request_id = ? order by at, seq""", (row, n) -> new TimelineEntry(row.getString("type"),
                row.getTimestamp("at").toInstant(), row.getString("actor_id"), row.getString("reason"),
                tree(row.getString("details"))), requestId);
    }

    private static Request withTimeline(Request r, List<TimelineEntry> timeline) {
        return new Request(r.requestId(), r.status(), r.requesterId(), r.beneficiaryId(), r.resourceId(),
                r.accessLevel(), r.justification(), r.accessDuration(), r.bundleId(), r.source(),
                r.exceedsStandardProfile(), r.flags(), r.conditions(), r.grantId(), r.submittedAt(), timeline);
    }

    private Request summary(ResultSet row, int n) throws SQLException {
        Array flags = row.getArray("flags");
        boolean exceeds = row.getBoolean("exceeds_standard_profile");
        Boolean exceedsStandardProfile = row.wasNull() ? null : exceeds;
        return new Request(row.getString("request_id"), row.getString("status"), row.getString("requester_id"),
                row.getString("beneficiary_id"), row.getString("resource_id"), row.getString("access_level"),
                row.getString("justification"), row.getString("access_duration"), row.getString("bundle_id"),
                row.getString("source"), exceedsStandardProfile,
                Arrays.asList((String[]) flags.getArray()), tree(row.getString("conditions")),
                row.getString("grant_id"), row.getTimestamp("submitted_at").toInstant(), List.of());
    }

    /** Plain maps and lists: the HTTP layer (Jackson 3) writes them as they are. */
    private Object tree(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
