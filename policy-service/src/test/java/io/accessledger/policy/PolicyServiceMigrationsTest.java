package io.accessledger.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.Stage;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.policy.access.AccessView;
import io.accessledger.policy.document.PolicyVersionStore;
import io.accessledger.policy.evaluation.EvaluationLogStore;
import io.accessledger.policy.evaluation.SeenRequestView;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.spine.testing.SchemaVersions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * policy-service's schema is Flyway's: it starts on an empty database at the latest version, and on a database an
 * older release left (made the way it was before migrations: the schema script run at every start, no history),
 * keeping the rows, which its owners still read.
 */
class PolicyServiceMigrationsTest {
    private static final String SERVICE = "policy-service";
    private static final EmployeeId PERSON = EmployeeId.of("E1001");

    /**
     * The service on the database at {@code url}. Put first among the property sources: RunningService's own
     * {@code --spring.datasource.url} (a fresh database) would be joined with a second one given as an argument.
     */
    private static SpringApplicationBuilder on(String url) {
        return PolicyServiceApplication.application().initializers(context -> context.getEnvironment()
                .getPropertySources().addFirst(new MapPropertySource("old-database",
                        Map.of("spring.datasource.url", url))));
    }

    @Test
    void startsOnAnEmptyDatabaseAtTheLatestVersion() {
        try (RunningService service = RunningService.start(PolicyServiceApplication.application(), "policy_empty")) {
            List<String> applied = SchemaVersions.applied(service.jdbc());
            assertThat(applied).isNotEmpty();
            assertThat(applied.get(applied.size() - 1)).isEqualTo(SchemaVersions.latest(SERVICE));
            assertThat(service.bean(PolicyVersionStore.class).active()).hasValueSatisfying(version ->
                    assertThat(version.version()).isEqualTo("1"));
        }
    }

    @Test
    void startsOnADatabaseAtThePreviousVersionAndKeepsItsRows() {
        String url = LocalPostgres.freshDatabaseUrl("policy_before_flyway");
        JdbcTemplate old = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", ""));
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/policy-service/V1__baseline.sql"))
                .execute(old.getDataSource());
        old.update("""
                insert into policy_version (version_number, policy_version, document, published_at, published_by,
                    summary) values (3, '3', ?, '2026-11-02T09:15:30Z', 'E1050', ?)""",
                """
                {"version":"3","resources":[{"id":"wiki","name":"Team wiki","target":"confluence",\
                "sensitivity":"LOW","levels":[{"name":"read","privileged":false}]}],\
                "autoApprove":{"inProfileMaxSensitivity":"LOW"}}""", "resource added: wiki\nautoApprove changed");
        old.update("insert into person (employee_id, profile, as_of) values (?, ?, '2026-11-01T08:00:00Z')",
                PERSON.value(), EventJson.write(new EmployeeProfile(PERSON, "Ada Byron", "ada.byron@example.com",
                        "Engineering", "Software Engineer", EmployeeId.of("E1031"), null, EmploymentStatus.ACTIVE,
                        LocalDate.parse("2025-01-06"), null, true)));
        old.update("insert into held_access (grant_id, employee_id, entitlement) values ('G-1', ?, 'jira:edit')",
                PERSON.value());
        old.update("insert into pending_access (request_id, employee_id, entitlement) values ('R-2', ?, 'wiki:read')",
                PERSON.value());
        old.update("""
                insert into request_seen (request_id, beneficiary_id, resource_id, access_level, access_duration)
                values ('R-2', ?, 'wiki', 'read', null)""", PERSON.value());
        old.update("""
                insert into evaluation_log (cause_id, request_id, evaluated_at, policy_version, input, verdict)
                values ('ev-2', 'R-2', '2026-11-02T10:00:00Z', '3', ?, ?)""",
                "{\"beneficiaryId\":\"E1001\",\"requested\":\"wiki:read\",\"held\":[\"jira:edit\"],\"pending\":[],"
                        + "\"today\":\"2026-11-02\"}",
                "{\"policyVersion\":\"3\",\"findings\":[],\"conflicts\":[],\"riskLevel\":\"LOW\","
                        + "\"requiredStages\":[\"MANAGER\"],\"autoApprovable\":true}");

        try (RunningService service = RunningService.start(on(url), "policy_unused")) {
            assertThat(SchemaVersions.applied(service.jdbc())).endsWith(SchemaVersions.latest(SERVICE));
            PolicyVersionStore versions = service.bean(PolicyVersionStore.class);
            assertThat(versions.active()).hasValueSatisfying(active -> {
                assertThat(active.version()).isEqualTo("3");
                assertThat(active.document().resource("wiki")).isPresent();
            });
            assertThat(versions.all()).singleElement().satisfies(v -> assertThat(v.summary())
                    .containsExactly("resource added: wiki", "autoApprove changed"));
            AccessView access = service.bean(AccessView.class);
            AccessView.Holdings holdings = access.holdings(PERSON, "");
            assertThat(holdings.person()).hasValueSatisfying(p -> assertThat(p.jobTitle())
                    .isEqualTo("Software Engineer"));
            assertThat(holdings.held()).containsExactly(Entitlement.parse("jira:edit"));
            assertThat(holdings.pending()).containsExactly(Entitlement.parse("wiki:read"));
            assertThat(access.holdings(PERSON, "R-2").pending()).as("the request being evaluated is not in flight")
                    .isEmpty();
            assertThat(access.holdings(EmployeeId.of("E-unknown"), "")).isEqualTo(
                    new AccessView.Holdings(java.util.Optional.empty(), Set.of(), Set.of()));
            assertThat(service.bean(SeenRequestView.class).find(RequestId.of("R-2")))
                    .contains(new SeenRequestView.SeenRequest(PERSON, "wiki"));
            assertThat(service.bean(EvaluationLogStore.class).between(Instant.EPOCH,
                    Instant.parse("2027-01-01T00:00:00Z"), 10)).singleElement().satisfies(entry -> {
                        assertThat(entry.requestId()).isEqualTo("R-2");
                        assertThat(entry.input().held()).isEqualTo(Set.of(Entitlement.parse("jira:edit")));
                        assertThat(entry.verdict().requiredStages()).containsExactly(Stage.MANAGER);
                    });
        }
    }
}
