package io.accessledger.policyinforce;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.spine.store.ModuleMigrations;
import io.accessledger.spine.replay.ReadModel;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The policy version in force, as policy-service published it: every {@code PolicyPublished} document (the whole
 * document rides on the event), the one in force being the latest by publication time ({@code occurredAt}; at the
 * same instant the higher version number), never by arrival, so a replay in any order gives the same answer. A
 * redelivered version changes nothing.
 * The only writer and the only reader of {@code policy_in_force}; the parsed document is kept per version.
 */
public class PolicyInForceView implements ReadModel {
    /** The module's name: its migrations ({@code db/platform/policy-in-force}) and its consumer. */
    public static final String MODULE = "policy-in-force";

    private final JdbcTemplate jdbc;
    private volatile PolicyInForce parsed;

    /** A published version and its document. */
    public record PolicyInForce(String version, Instant publishedAt, PolicyDocument document) {
    }

    /** Creates the view's table (the module's migrations) if it is not there yet. */
    public PolicyInForceView(JdbcTemplate jdbc) {
        ModuleMigrations.migrate(jdbc.getDataSource(), MODULE);
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return MODULE;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.POLICY);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return PolicyPublished.class.isAssignableFrom(type);
    }

    @Override
    public List<String> tables() {
        return List.of("policy_in_force");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof PolicyPublished published) {
            jdbc.update("""
                    insert into policy_in_force (policy_version, document, published_at) values (?, ?, ?)
                    on conflict (policy_version) do nothing""",
                    published.policyVersion(), published.document(), Timestamp.from(published.occurredAt()));
        }
    }

    /** The document of the version in force, if any version has been published yet. */
    public Optional<PolicyDocument> current() {
        return inForce().map(PolicyInForce::document);
    }

    /** The version in force with its publication time and document, if any version has been published yet. */
    public Optional<PolicyInForce> inForce() {
        Optional<String> latest = jdbc.queryForList("""
                select policy_version from policy_in_force
                order by published_at desc, length(policy_version) desc, policy_version desc limit 1""",
                String.class).stream().findFirst();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        PolicyInForce known = parsed;
        if (known != null && known.version().equals(latest.get())) {
            return Optional.of(known);
        }
        PolicyInForce read = jdbc.queryForObject(
                "select document, published_at from policy_in_force where policy_version = ?",
                (row, n) -> new PolicyInForce(latest.get(), row.getTimestamp("published_at").toInstant(),
                        EventJson.read(row.getString("document"), PolicyDocument.class)), latest.get());
        parsed = read;
        return Optional.of(read);
    }
}
