package io.accessledger.audit.model;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.spine.replay.ReadModel;
import io.accessledger.spine.tracing.RecordTracing;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The audit trail: one row per event of every business topic ({@link Topic#eventTopics()}), with the columns an
 * auditor filters on and the event's own fields as sorted-key JSON. Everything spanning events — the evidence chain
 * of a grant, joiners, movers and leavers with what followed them — is joined at query time, so the table is the same
 * whatever order records of different keys and topics arrive in, and a redelivered event (same id) changes nothing.
 * The only writer and reader of {@code audit_event}.
 */
public class AuditTrailView implements ReadModel {
    /** The consumer's name (consumer group {@code accessledger.<service>.audit-trail}). */
    public static final String NAME = "audit-trail";

    /** Rows fetched per round trip while exporting: the export never holds more than this in memory. */
    static final int FETCH_SIZE = 5_000;

    private final JdbcTemplate jdbc;

    /** One event of a chain of evidence. */
    public record Step(Instant at, String type, String topic, String eventId, String actorId, String reason,
            Map<String, Object> details) {
    }

    /** Everything the log holds about one grant and the request it came from, in the order it happened. */
    public record Evidence(String grantId, String requestId, String employeeId, String entitlement, List<Step> steps) {
    }

    /** Export formats: CSV (RFC 4180) or JSON Lines. */
    public enum Format { CSV, JSON }

    /** A hire, change of position or termination, with what was asked for, granted or removed for it. */
    public record LifecycleCase(String kind, String employeeId, Instant effectiveAt, String eventId,
            List<Change> changes) {
    }

    /** One thing done for a lifecycle case, and how long after the effective date it was done. */
    public record Change(String action, String grantId, String requestId, String entitlement, Instant at,
            Duration after) {
    }

    /** Tables must exist: {@link AuditReadModels#migrate}. */
    public AuditTrailView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Topic> topics() {
        return EnumSet.copyOf(Topic.eventTopics());
    }

    @Override
    public List<String> tables() {
        return List.of("audit_event");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        jdbc.update(INSERT, row(EventFacts.of(event, envelope)));
    }

    /**
     * A poll's events as one JDBC batch of inserts (the live consumer's poll path); each event's facts are taken
     * while its handling (span, request id in the MDC) is open.
     */
    @Override
    public void handleAll(List<Delivery> deliveries, Function<Delivery, RecordTracing.Handling> opening) {
        List<Object[]> rows = new ArrayList<>(deliveries.size());
        for (Delivery delivery : deliveries) {
            try (RecordTracing.Handling handling = opening.apply(delivery)) {
                rows.add(row(EventFacts.of(delivery.event(), delivery.envelope())));
            }
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT, rows);
        }
    }

    private static final String INSERT = """
            insert into audit_event (event_id, occurred_at, effective_at, topic, type, subject, request_id,
                grant_id, employee_id, entitlement, actor_id, reason, lifecycle_kind, request_source,
                revocation_reason, correlation_id, causation_id, details)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing""";

    /**
     * The insert's values; instants bound as {@link OffsetDateTime}s in UTC, which pgjdbc writes as they are, where a
     * {@code java.sql.Timestamp} had it build a default calendar for each value (docs/BENCHMARKS.md, "End-to-end").
     */
    private static Object[] row(EventFacts f) {
        return new Object[] {f.eventId(), utc(f.occurredAt()), utc(f.effectiveAt()), f.topic(), f.type(), f.subject(),
            f.requestId(), f.grantId(), f.employeeId(), f.entitlement(), f.actorId(), f.reason(), f.lifecycleKind(),
            f.requestSource(), f.revocationReason(), f.correlationId(), f.causationId(), f.details()};
    }

    /**
     * {@code at.atOffset(UTC)}, the same value, without the offset's rules that Java 17 builds anew on each call
     * ({@code ZoneOffset.getRules}: 8 % of the replay's applying thread in the eighth round's profile).
     */
    static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.of(LocalDateTime.ofEpochSecond(at.getEpochSecond(), at.getNano(), ZoneOffset.UTC),
                ZoneOffset.UTC);
    }

    /**
     * The whole chain of one grant: every event of the grant and of the request it came from (submission and
     * justification, policy evaluation with its version and findings, conflicts, every approval task, decision,
     * reminder, escalation and delegation, provisioning with its reference and acknowledgement, reviews, revocation
     * requests and the revocation or expiry), ordered by {@code (occurredAt, eventId)}. Empty for an unknown grant.
     */
    public Optional<Evidence> evidence(String grantId) {
        List<String[]> grant = jdbc.query("""
                select request_id, employee_id, entitlement from audit_event where grant_id = ?
                order by occurred_at, event_id limit 1""",
                (row, n) -> new String[] {row.getString(1), row.getString(2), row.getString(3)}, grantId);
        if (grant.isEmpty()) {
            return Optional.empty();
        }
        String requestId = grant.get(0)[0];
        List<Step> steps = jdbc.query("""
                select occurred_at, type, topic, event_id, actor_id, reason, details from audit_event
                where grant_id = ? or request_id = ? order by occurred_at, event_id""",
                AuditTrailView::step, grantId, requestId);
        return Optional.of(new Evidence(grantId, requestId, grant.get(0)[1], grant.get(0)[2], steps));
    }

    private static Step step(ResultSet row, int n) throws SQLException {
        return new Step(row.getTimestamp("occurred_at").toInstant(), row.getString("type"), row.getString("topic"),
                row.getString("event_id"), row.getString("actor_id"), row.getString("reason"),
                EventFacts.readDetails(row.getString("details")));
    }

    /**
     * Every event with {@code from <= occurredAt < to} (a {@code null} bound is open), ordered by
     * {@code (occurredAt, eventId)}, written to {@code out} row by row as it is read from a database cursor (never
     * the whole result in memory), in the columns of {@link TrailExport#COLUMNS}. The same log gives the same bytes.
     * {@code out} is flushed, not closed.
     */
    public void export(Instant from, Instant to, Format format, OutputStream out) throws IOException {
        // An event without a person (an approval task, a reminder …) shows the beneficiary of its request's first
        // submission. Those are found at once for every request the exported rows need, and joined: not a subquery
        // per row, which took minutes on a million rows.
        List<Object> args = new ArrayList<>();
        List<String> needing = bounds("x.occurred_at", from, to, args);
        needing.add("x.employee_id is null");
        String where = where(bounds("e.occurred_at", from, to, args));
        String sql = """
                select e.occurred_at, e.event_id, e.topic, e.type, e.subject, e.request_id, e.grant_id,
                       coalesce(e.employee_id, r.employee_id) as employee_id, e.entitlement, e.actor_id, e.reason,
                       e.correlation_id, e.causation_id, e.details
                from audit_event e
                left join (
                    select distinct on (s.request_id) s.request_id, s.employee_id from audit_event s
                    where s.type = 'RequestSubmitted' and s.request_id in (
                        select x.request_id from audit_event x %s)
                    order by s.request_id, s.occurred_at, s.event_id) r
                    on e.employee_id is null and r.request_id = e.request_id
                """.formatted(where(needing)) + where + " order by e.occurred_at, e.event_id";
        TrailExport writer = new TrailExport(format, out);
        try {
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                streamRows(connection, sql, args, writer);
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.finish();
    }

    /** Reads through a cursor: PostgreSQL streams only inside a transaction, with a fetch size. */
    private static void streamRows(Connection connection, String sql, List<Object> args, TrailExport writer)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (autoCommit) {
            connection.setAutoCommit(false);
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(FETCH_SIZE);
            for (int i = 0; i < args.size(); i++) {
                statement.setObject(i + 1, args.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    writer.row(exportRow(rows));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (autoCommit) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    private static TrailExport.Row exportRow(ResultSet row) throws SQLException {
        return new TrailExport.Row(row.getTimestamp("occurred_at").toInstant(), row.getString("event_id"),
                row.getString("topic"), row.getString("type"), row.getString("subject"), row.getString("request_id"),
                row.getString("grant_id"), row.getString("employee_id"), row.getString("entitlement"),
                row.getString("actor_id"), row.getString("reason"), row.getString("correlation_id"),
                row.getString("causation_id"), row.getString("details"));
    }

    /**
     * Joiners, movers and leavers whose effective date is in {@code [from, to)} (a {@code null} bound is open):
     * every hire, change of position ({@code EmployeeTransferred} whose department or job title changed) and
     * termination, ordered by effective date and employee, each with what followed for that person until the
     * person's next case of the same kind — requests from the directory ({@code HRIS_JOINER} for a hire,
     * {@code HRIS_MOVER} for a move: REQUESTED), their grants (GRANTED, at the grant time) and revocations with
     * reason {@code MOVER} or {@code LEAVER} (REMOVED) — and how long after the effective date (00:00 UTC of the
     * effective day) each came. A leaver's REMOVED durations are the time-to-revoke.
     */
    public List<LifecycleCase> joinersMoversLeavers(Instant from, Instant to) {
        List<Object> args = new ArrayList<>();
        String within = where(bounds("effective_at", from, to, args));
        Map<String, CaseRow> byId = new LinkedHashMap<>();
        jdbc.query(EVERY_CASE + " select * from every_case" + within + " order by effective_at, employee_id, event_id",
                (RowCallbackHandler) row -> byId.put(row.getString("event_id"), new CaseRow(
                        row.getString("event_id"), row.getString("lifecycle_kind"), row.getString("employee_id"),
                        row.getTimestamp("effective_at").toInstant(), new ArrayList<>())),
                args.toArray());
        if (byId.isEmpty()) {
            return List.of();
        }
        jdbc.query(EVERY_CASE + CHANGES.formatted(within), (RowCallbackHandler) row -> {
            CaseRow c = byId.get(row.getString("case_id"));
            Instant at = row.getTimestamp("at").toInstant();
            c.changes().add(new Change(row.getString("action"), row.getString("grant_id"), row.getString("request_id"),
                    row.getString("entitlement"), at, Duration.between(c.effectiveAt(), at)));
        }, args.toArray());
        return byId.values().stream().map(c -> new LifecycleCase(c.kind(), c.employeeId(), c.effectiveAt(),
                c.eventId(), List.copyOf(c.changes()))).toList();
    }

    /** Every case with the time of the person's next case of the same kind (in order of occurrence and event id). */
    private static final String EVERY_CASE = """
            with every_case as (
                select event_id, lifecycle_kind, employee_id, effective_at, occurred_at,
                    lead(occurred_at) over (partition by lifecycle_kind, employee_id
                                            order by occurred_at, event_id) as next_at
                from audit_event where lifecycle_kind is not null)""";

    /**
     * What followed each case of the period (its bounds over {@code every_case} go in {@code %s}), in one statement:
     * the person's events from the case until their next case of the same kind — requests from the directory for
     * the case's kind, the first provisioning of each of their grants, and revocations for the case's kind — in order
     * of case, time and event id.
     */
    private static final String CHANGES = """
            , window_of as (
                select event_id as case_id, employee_id, occurred_at, next_at,
                    case lifecycle_kind when 'JOINER' then 'HRIS_JOINER' when 'MOVER' then 'HRIS_MOVER' end as source,
                    case when lifecycle_kind <> 'JOINER' then lifecycle_kind end as removal
                from every_case%s),
            followed as (
                select w.case_id, w.source, w.removal, e.type, e.request_source, e.revocation_reason, e.grant_id,
                    e.request_id, e.entitlement, e.occurred_at, e.event_id
                from window_of w join audit_event e on e.employee_id = w.employee_id
                    and e.occurred_at >= w.occurred_at and (w.next_at is null or e.occurred_at < w.next_at)
                where e.type in ('RequestSubmitted', 'AccessRevoked')),
            requested as (
                select case_id, grant_id, request_id, entitlement, occurred_at as at, event_id from followed
                where type = 'RequestSubmitted' and request_source = source)
            select * from (
                select case_id, 'REQUESTED' as action, grant_id, request_id, entitlement, at, event_id from requested
                union all
                select * from (select distinct on (r.case_id, g.grant_id) r.case_id, 'GRANTED' as action, g.grant_id,
                        g.request_id, g.entitlement, g.effective_at as at, g.event_id
                    from requested r join audit_event g on g.request_id = r.request_id
                    where g.type = 'AccessProvisioned'
                    order by r.case_id, g.grant_id, g.effective_at, g.event_id) granted
                union all
                select case_id, 'REMOVED' as action, grant_id, request_id, entitlement, occurred_at as at, event_id
                from followed where type = 'AccessRevoked' and revocation_reason = removal) changes
            order by case_id, at, event_id""";

    private record CaseRow(String eventId, String kind, String employeeId, Instant effectiveAt, List<Change> changes) {
    }

    /** {@code column >= from} and {@code column < to}, either left out when {@code null}. */
    private static List<String> bounds(String column, Instant from, Instant to, List<Object> args) {
        List<String> conditions = new ArrayList<>();
        if (from != null) {
            conditions.add(column + " >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            conditions.add(column + " < ?");
            args.add(Timestamp.from(to));
        }
        return conditions;
    }

    private static String where(List<String> conditions) {
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }
}
