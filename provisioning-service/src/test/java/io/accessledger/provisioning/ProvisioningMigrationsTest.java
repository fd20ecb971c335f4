package io.accessledger.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.provisioning.grants.GrantView;
import io.accessledger.provisioning.grants.MembershipStore;
import io.accessledger.provisioning.grants.ProvisioningQueueStore;
import io.accessledger.provisioning.reconciliation.ReconciliationStore;
import io.accessledger.provisioning.reconciliation.UngovernedFindingsStore;
import io.accessledger.provisioning.reconciliation.UngovernedRemovalsView;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.spine.testing.SchemaVersions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** provisioning-service starts on an empty database and on one an older release left, and keeps its rows. */
class ProvisioningMigrationsTest {
    private static final String SERVICE = "provisioning-service";

    @Test
    void startsOnAnEmptyDatabaseAtTheLatestVersion() {
        try (RunningService service = RunningService.start(ProvisioningServiceApplication.application(),
                "provisioning_migrations_empty", "--accessledger.notifications.enabled=false")) {
            List<String> applied = SchemaVersions.applied(service.jdbc());
            assertThat(applied).contains("1").last().isEqualTo(SchemaVersions.latest(SERVICE));
            assertThat(service.bean(ProvisioningQueueStore.class).granting(null)).isEmpty();
        }
    }

    @Test
    void startsOnADatabaseAtThePreviousVersionAndKeepsItsRows() {
        String url = SchemaVersions.databaseAt(SERVICE, "1");
        JdbcTemplate old = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", ""));
        Timestamp opened = Timestamp.from(Instant.parse("2026-11-02T09:00:00Z"));
        // A grant whose connector is still being called, as version 1 kept it: in the queue and in grant_view.
        old.update("""
                insert into provisioning_queue (grant_id, request_id, employee_id, entitlement, target, resource_owner,
                    operation, attempt, due_at, last_answer, last_attempt_at)
                values ('G-old-1', 'R-old-1', 'E1001', 'finance-app:read', 'okta-scim', 'E1040', 'GRANT', 2, ?,
                    '503 Service Unavailable', ?)""", opened, opened);
        old.update("""
                insert into grant_view (grant_id, request_id, employee_id, entitlement, target, status, status_at)
                values ('G-old-1', 'R-old-1', 'E1001', 'finance-app:read', 'okta-scim', 'PROVISIONING', ?)""", opened);

        try (RunningService service = RunningService.start(onDatabase(url), "provisioning_migrations_unused",
                "--accessledger.notifications.enabled=false", "--accessledger.provisioning.worker.poll-every=PT1H")) {
            assertThat(SchemaVersions.applied(service.jdbc())).endsWith("1", "2", "3", "4", "5", "6", "7", "8", "9");
            assertThat(service.bean(ReconciliationStore.class).recent(null, 10)).isEmpty();
            assertThat(service.bean(UngovernedRemovalsView.class).recent(null)).isEmpty();
            assertThat(service.bean(UngovernedFindingsStore.class).userName("F-none", "u-none")).isEmpty();
            assertThat(service.bean(ProvisioningQueueStore.class).granting("E1001")).singleElement()
                    .satisfies(g -> {
                        assertThat(g.grantId()).isEqualTo("G-old-1");
                        assertThat(g.entitlement()).isEqualTo("finance-app:read");
                        assertThat(g.openedAt()).isNull();
                    });
            assertThat(service.bean(GrantView.class).list("E1001", null)).singleElement()
                    .satisfies(g -> assertThat(g.status()).isEqualTo("PROVISIONING"));
            // V9: the grant being granted holds its membership, so another grant's revocation leaves it
            assertThat(service.bean(MembershipStore.class).heldByAnother(GrantId.of("G-new-1"), EmployeeId.of("E1001"),
                    Entitlement.parse("finance-app:read"), "okta-scim")).contains(GrantId.of("G-old-1"));
        }
    }

    /**
     * The service on this database. Not as a second {@code --spring.datasource.url} argument: Spring joins repeated
     * arguments with commas, so the URL would be RunningService's and this one at once; a first property source wins.
     */
    private static SpringApplicationBuilder onDatabase(String url) {
        return ProvisioningServiceApplication.application().initializers(context -> context.getEnvironment()
                .getPropertySources().addFirst(new MapPropertySource("database-at-v1",
                        Map.of("spring.datasource.url", url))));
    }
}
