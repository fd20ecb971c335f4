package io.accessledger.policy.document;

import io.accessledger.events.codec.EventJson;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.events.policy.document.PolicyDocument;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The published policy versions ({@code policy_version}): write-side state, not a read model. The version in force
 * decides every evaluation, so it is written in the publishing command's own transaction (a subscribing processor on
 * the service's Axon store, {@link PolicyProcessing}) — known the moment a {@code PUT} returns, and before the
 * initial policy's "nothing published yet" check can run again. It is not projected from the Kafka topic as read
 * models are: a version that was published but not yet read back would let requests be judged by the old one.
 */
@Component
@ProcessingGroup(PolicyVersionStore.GROUP)
public class PolicyVersionStore {
    public static final String GROUP = "policy-versions";
    private final JdbcTemplate jdbc;
    private volatile PublishedVersion active;

    /** A published version and its document. */
    public record PublishedVersion(String version, PolicyDocument document, Instant publishedAt, String publishedBy,
            List<String> summary) {
    }

    /** A published version without its document, for the list of versions. */
    public record VersionSummary(String version, Instant publishedAt, String publishedBy, List<String> summary) {
    }

    public PolicyVersionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PolicyPublished event) {
        jdbc.update("""
                insert into policy_version (version_number, policy_version, document, published_at, published_by,
                    summary) values (?, ?, ?, ?, ?, ?) on conflict do nothing""",
                Integer.parseInt(event.policyVersion()), event.policyVersion(), event.document(),
                Timestamp.from(event.occurredAt()), event.publishedBy() == null ? null : event.publishedBy().value(),
                String.join("\n", event.summary()));
        active = null;
    }

    /**
     * Another instance published a version (it reached this one through the policy topic): the next read takes the
     * version in force from the database again, where the publishing transaction already put it.
     */
    public void publishedElsewhere(String version) {
        PublishedVersion known = active;
        if (known == null || !known.version().equals(version)) {
            active = null;
        }
    }

    /** The version in force: the newest one published. */
    public Optional<PublishedVersion> active() {
        PublishedVersion known = active;
        if (known != null) {
            return Optional.of(known);
        }
        Optional<PublishedVersion> found = jdbc.query("""
                select policy_version, document, published_at, published_by, summary from policy_version
                order by version_number desc limit 1""", (row, n) -> version(row)).stream().findFirst();
        found.ifPresent(version -> active = version);
        return found;
    }

    /** One published version with its document, by its number. */
    public Optional<PublishedVersion> find(int version) {
        return jdbc.query("""
                select policy_version, document, published_at, published_by, summary from policy_version
                where version_number = ?""", (row, n) -> version(row), version).stream().findFirst();
    }

    /** Every version, oldest first, without their documents. */
    public List<VersionSummary> all() {
        return jdbc.query("""
                select policy_version, published_at, published_by, summary from policy_version
                order by version_number""", (row, n) -> new VersionSummary(row.getString("policy_version"),
                row.getTimestamp("published_at").toInstant(), row.getString("published_by"), summary(row)));
    }

    private static PublishedVersion version(ResultSet row) throws SQLException {
        return new PublishedVersion(row.getString("policy_version"),
                EventJson.read(row.getString("document"), PolicyDocument.class),
                row.getTimestamp("published_at").toInstant(), row.getString("published_by"), summary(row));
    }

    private static List<String> summary(ResultSet row) throws SQLException {
        String summary = row.getString("summary");
        return summary == null || summary.isEmpty() ? List.of() : List.of(summary.split("\n"));
    }
}
