package io.accessledger.provisioning.sailpoint;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.spine.replay.ReadModel;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The entitlement catalog SailPoint ISC aggregates: every {@code resource:level} of the policy in force, with the
 * resource's name, target, owner and sensitivity, from {@code PolicyPublished} (which carries the whole document). A
 * projection: it only records. An entitlement a later version drops stays, marked {@code in_catalog = false}, since
 * grants of it may still be active. Versions share one key, so they arrive in order; the event time guards a replay.
 * The only writer and reader of {@code sailpoint_entitlement}.
 */
@Component
public class SailPointCatalogView implements ReadModel {
    private final JdbcTemplate jdbc;

    public SailPointCatalogView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "sailpoint-catalog";
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
        return List.of("sailpoint_entitlement");
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (!(event instanceof PolicyPublished published)) {
            return;
        }
        PolicyDocument policy = EventJson.read(published.document(), PolicyDocument.class);
        Timestamp at = Timestamp.from(published.occurredAt());
        for (PolicyDocument.Resource resource : policy.resources()) {
            for (PolicyDocument.Level level : resource.levels()) {
                jdbc.update("""
                        insert into sailpoint_entitlement (entitlement, resource_id, level, resource_name, target,
                            owner_id, sensitivity, privileged, policy_version, in_catalog, described_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?)
                        on conflict (entitlement) do update set resource_name = excluded.resource_name,
                            target = excluded.target, owner_id = excluded.owner_id,
                            sensitivity = excluded.sensitivity, privileged = excluded.privileged,
                            policy_version = excluded.policy_version, in_catalog = true,
                            described_at = excluded.described_at
                        where sailpoint_entitlement.described_at <= excluded.described_at""",
                        resource.id() + ":" + level.name(), resource.id(), level.name(), resource.name(),
                        resource.target(), resource.ownerId(),
                        resource.sensitivity() == null ? null : resource.sensitivity().name(), level.privileged(),
                        published.policyVersion(), at);
            }
        }
        jdbc.update("update sailpoint_entitlement set in_catalog = false where described_at < ?", at);
    }

    /** One described entitlement; {@code inCatalog} false once the policy no longer has it. */
    public record Described(String entitlement, String resourceId, String level, String resourceName, String target,
            String ownerId, String sensitivity, boolean privileged, boolean inCatalog, String policyVersion) {
    }

    /** Every entitlement ever described, by entitlement. */
    public List<Described> all() {
        return jdbc.query("""
                select entitlement, resource_id, level, resource_name, target, owner_id, sensitivity, privileged,
                    in_catalog, policy_version from sailpoint_entitlement order by entitlement""",
                (row, n) -> new Described(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getString(6), row.getString(7), row.getBoolean(8), row.getBoolean(9),
                        row.getString(10)));
    }
}
