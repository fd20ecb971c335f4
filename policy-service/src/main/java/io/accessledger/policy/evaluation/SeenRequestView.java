package io.accessledger.policy.evaluation;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.spine.replay.ReadModel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The requests submitted so far ({@code request_seen}), projected from {@code RequestSubmitted} on the request topic
 * by the evaluation consumer ({@link EvaluationTrigger}) before it evaluates, so that a later {@code RequestRevised}
 * (which names only the new level) is evaluated for the same beneficiary and resource.
 */
@Component
public class SeenRequestView implements ReadModel {
    private final JdbcTemplate jdbc;

    public SeenRequestView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "seen-requests";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.REQUEST);
    }

    @Override
    public List<String> tables() {
        return List.of("request_seen");
    }

    /**
     * Its own projection, which a rebuild replays; the evaluation consumer also applies each submission
     * itself before it evaluates (so it never waits for this one); the write is idempotent.
     */
    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof RequestSubmitted s) {
            on(s);
        }
    }

    /** Who a request is for and what resource it asks for. */
    public record SeenRequest(EmployeeId beneficiaryId, String resourceId) {
    }

    public void on(RequestSubmitted s) {
        jdbc.update("""
                insert into request_seen (request_id, beneficiary_id, resource_id, access_level, access_duration)
                values (?, ?, ?, ?, ?) on conflict do nothing""", s.requestId().value(), s.beneficiaryId().value(),
                s.resourceId(), s.accessLevel(), s.accessDuration() == null ? null : s.accessDuration().toString());
    }

    public Optional<SeenRequest> find(RequestId requestId) {
        return jdbc.query("select beneficiary_id, resource_id from request_seen where request_id = ?",
                (row, n) -> new SeenRequest(EmployeeId.of(row.getString(1)), row.getString(2)), requestId.value())
                .stream().findFirst();
    }
}
