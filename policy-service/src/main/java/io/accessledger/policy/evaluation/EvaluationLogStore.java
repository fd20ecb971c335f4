package io.accessledger.policy.evaluation;

import io.accessledger.events.codec.EventJson;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every evaluation with the input it saw (the person, what they held and had in flight, the day) and its verdict
 * ({@code evaluation_log}), written by the evaluation consumer in the transaction that records the verdict:
 * what-if replays these inputs under a draft policy. Kept state, not a read model: the inputs are in no event
 * ({@code PolicyEvaluated} carries the verdict only), so the log cannot be rebuilt from the topics.
 */
@Component
public class EvaluationLogStore {
    private final JdbcTemplate jdbc;

    public EvaluationLogStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One logged evaluation. */
    public record Entry(String requestId, Instant evaluatedAt, String policyVersion, Evaluator.Input input,
            Evaluator.Evaluation verdict) {
    }

    public void record(String requestId, String causeId, Instant at, Evaluator.Input input,
            Evaluator.Evaluation verdict) {
        jdbc.update("""
                insert into evaluation_log (cause_id, request_id, evaluated_at, policy_version, input, verdict)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing""", causeId, requestId, Timestamp.from(at),
                verdict.policyVersion(), EventJson.write(input), EventJson.write(verdict));
    }

    public List<Entry> between(Instant from, Instant to, int limit) {
        return jdbc.query("""
                select request_id, evaluated_at, policy_version, input, verdict from evaluation_log
                where evaluated_at >= ? and evaluated_at < ? order by evaluated_at, cause_id limit ?""",
                (row, n) -> new Entry(row.getString(1), row.getTimestamp(2).toInstant(), row.getString(3),
                        EventJson.read(row.getString(4), Evaluator.Input.class), EventJson.read(row.getString(5),
                        Evaluator.Evaluation.class)), Timestamp.from(from), Timestamp.from(to), limit);
    }
}
