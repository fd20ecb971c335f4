package io.accessledger.policy.document;

import io.accessledger.events.codec.EventJson;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.events.policy.document.PolicyDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every published version, written in the same transaction as the publication (a subscribing processor on the
 * service's own store), so the version in force is known the moment a {@code PUT} returns.
 */
@Component
@ProcessingGroup(PolicyVersions.GROUP)
public class PolicyVersions {
    public static final String GROUP = "policy-versions";
    private final JdbcTemplate jdbc;
    private volatile Active active;

    /** A published version and its document. */
    public record Active(String version, PolicyDocument document, java.time.Instant publishedAt, String publishedBy,
            List<String> summary, @com.fasterxml.jackson.annotation.JsonIgnore
            io.accessledger.policy.evaluation.CompiledPolicy compiled) {
    }

    public PolicyVersions(JdbcTemplate jdbc) {
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

    public Optional<Active> active() {
        Active known = active;
        if (known != null) {
            return Optional.of(known);
        }
        List<Active> rows = jdbc.query("select * from policy_version order by version_number desc limit 1",
                (row, n) -> active(row, true));
        rows.stream().findFirst().ifPresent(found -> active = found);
        return rows.stream().findFirst();
    }

    public Optional<Active> version(String version) {
        return jdbc.query("select * from policy_version where policy_version = ?", (row, n) -> active(row, false), version)
                .stream().findFirst();
    }

    public List<Active> all() {
        return jdbc.query("select * from policy_version order by version_number", (row, n) -> active(row, false));
    }

    /** A version as stored; only the version in force is compiled for evaluation (listing versions compiles none). */
    private static Active active(java.sql.ResultSet row, boolean compile) throws java.sql.SQLException {
        try {
            String summary = row.getString("summary");
            PolicyDocument document = EventJson.mapper().readValue(row.getString("document"), PolicyDocument.class);
            return new Active(row.getString("policy_version"), document,
                    row.getTimestamp("published_at").toInstant(), row.getString("published_by"),
                    summary == null || summary.isEmpty() ? List.of() : List.of(summary.split("\n")),
                    compile ? io.accessledger.policy.evaluation.CompiledPolicy.of(document) : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
