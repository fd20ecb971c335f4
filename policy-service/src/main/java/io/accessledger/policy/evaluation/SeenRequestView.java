package io.accessledger.policy.evaluation;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.request.RequestSubmitted;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The requests submitted so far ({@code request_seen}), projected from {@code RequestSubmitted} on the request topic
 * by the evaluation consumer ({@link EvaluationTrigger}) before it evaluates, so that a later {@code RequestRevised}
 * (which names only the new level) is evaluated for the same beneficiary and resource.
 */
@Component
public class SeenRequestView {
    private final JdbcTemplate jdbc;

    public SeenRequestView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
