package io.accessledger.review.cleanup;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.spine.replay.ReadModel;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * When each request was submitted ({@code request_submitted}), projected from the request topic by the mover
 * clean-up: a grant asked for on or after a move belongs to the new role. Its only writer and reader.
 */
@Component
public class RequestSubmissionsView implements ReadModel {
    private final JdbcTemplate jdbc;

    public RequestSubmissionsView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "request-submissions";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.REQUEST);
    }

    @Override
    public List<String> tables() {
        return List.of("request_submitted");
    }

    /**
     * Its own projection, which a rebuild replays; the mover clean-up also applies each submission itself
     * (so it never waits for this one); the write is idempotent.
     */
    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof RequestSubmitted s) {
            submitted(s);
        }
    }

    public void submitted(RequestSubmitted s) {
        jdbc.update("insert into request_submitted (request_id, submitted_at) values (?, ?) on conflict do nothing",
                s.requestId().value(), Timestamp.from(s.occurredAt()));
    }

    /** When these requests were submitted, in one query (a request never seen is absent). */
    public Map<RequestId, Instant> submittedAt(Collection<RequestId> requestIds) {
        Map<RequestId, Instant> found = new HashMap<>();
        if (!requestIds.isEmpty()) {
            jdbc.query("select request_id, submitted_at from request_submitted where request_id = any(?)",
                    (RowCallbackHandler) row -> found.put(RequestId.of(row.getString(1)),
                            row.getTimestamp(2).toInstant()),
                    (Object) requestIds.stream().map(RequestId::value).toArray(String[]::new));
        }
        return found;
    }
}
