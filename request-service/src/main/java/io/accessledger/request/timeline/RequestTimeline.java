package io.accessledger.request.timeline;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.RequestScoped;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.model.Finding;
import io.accessledger.events.policy.ConflictFlagged;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.spine.inbound.EventConsumer;
import java.sql.Timestamp;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every request's status and timeline, from every topic: one timeline entry per domain event about the request,
 * at the event's own time (never the wall clock), so a replay builds the same view.
 */
@Component
public class RequestTimeline implements EventConsumer {
    private final JdbcTemplate jdbc;

    public RequestTimeline(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "request-timeline";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.values());
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (!(event instanceof RequestScoped scoped)) {
            return;
        }
        String requestId = scoped.requestId().value();
        Timestamp at = Timestamp.from(event.occurredAt());
        jdbc.update("insert into request_view (request_id) values (?) on conflict do nothing", requestId);
        jdbc.update("""
                insert into request_timeline (event_id, request_id, type, at, actor_id, reason, details)
                values (?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing""",
                event.eventId().value(), requestId, EventCatalog.of(event).name(), at,
                event.actorId() == null ? null : event.actorId().value(), event.reason(), EventJson.write(event));
        RequestStatus.after(event).ifPresent(status -> jdbc.update("""
                update request_view set status = ?, status_rank = ?, status_at = ?
                where request_id = ? and (status_at is null or status_at < ? or (status_at = ? and status_rank <= ?))""",
                status.name(), status.rank(), at, requestId, at, at, status.rank()));
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
        } else if (event instanceof PolicyEvaluated evaluated) {
            for (Finding finding : evaluated.findings()) {
                flag(requestId, finding.rule());
            }
        } else if (event instanceof ConflictFlagged conflict) {
            flag(requestId, "sodConflict:" + conflict.ruleId());
        } else if (event instanceof AccessApproved approved) {
            jdbc.update("update request_view set conditions = ? where request_id = ?",
                    EventJson.write(approved.conditions()), requestId);
        } else if (event instanceof AccessProvisioned provisioned) {
            jdbc.update("update request_view set grant_id = ? where request_id = ?",
                    provisioned.grantId().value(), requestId);
        }
    }

    private void flag(String requestId, String flag) {
        jdbc.update("insert into request_flag (request_id, flag) values (?, ?) on conflict do nothing",
                requestId, flag);
    }

}
