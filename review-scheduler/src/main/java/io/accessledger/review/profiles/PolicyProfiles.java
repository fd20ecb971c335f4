package io.accessledger.review.profiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.spine.inbound.EventConsumer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The policy version in force, as policy-service published it (the whole document rides on {@code PolicyPublished}):
 * the standard profiles a mover's access is compared with.
 */
@Component
public class PolicyProfiles implements EventConsumer {
    private final JdbcTemplate jdbc;
    private final ObjectMapper json = EventJson.mapper();
    private volatile Parsed parsed;

    private record Parsed(String version, PolicyDocument document) {
    }

    public PolicyProfiles(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "policy-profiles";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.POLICY);
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof PolicyPublished published) {
            jdbc.update("insert into policy_version (policy_version, document, published_at) values (?, ?, ?)"
                    + " on conflict (policy_version) do nothing", published.policyVersion(), published.document(),
                    Timestamp.from(published.occurredAt()));
        }
    }

    /** The latest published policy, if any. */
    public Optional<PolicyDocument> current() {
        List<String[]> rows = jdbc.query(
                "select policy_version, document from policy_version order by published_at desc limit 1",
                (row, n) -> new String[] {row.getString(1), row.getString(2)});
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Parsed known = parsed;
        if (known != null && known.version().equals(rows.get(0)[0])) {
            return Optional.of(known.document());
        }
        try {
            PolicyDocument document = json.readValue(rows.get(0)[1], PolicyDocument.class);
            parsed = new Parsed(rows.get(0)[0], document);
            return Optional.of(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
