package io.accessledger.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.approval.absence.AbsenceStore;
import io.accessledger.approval.directory.DirectoryView;
import io.accessledger.approval.inbox.InboxView;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Finding;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.spine.testing.SchemaVersions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The service's versioned schema: it starts on an empty database, and on one its release before versioned migrations
 * left (made by that release's own script, kept under {@code db/before-flyway}), whose rows it still reads.
 */
class ApprovalServiceMigrationsTest {
    private static final String SERVICE = "approval-service";

    @Test
    void startsOnAnEmptyDatabaseAtTheLatestVersion() {
        try (RunningService service = RunningService.start(ApprovalServiceApplication.application(),
                "approval_migrations_empty")) {
            assertThat(SchemaVersions.applied(service.jdbc())).endsWith(SchemaVersions.latest(SERVICE));
            assertThat(service.bean(InboxView.class).tasksOf(EmployeeId.of("E1"), Set.of(), "OPEN", null))
                    .isEmpty();
        }
    }

    @Test
    void startsOnADatabaseAtThePreviousVersionAndKeepsItsRows() throws IOException {
        String url = LocalPostgres.freshDatabaseUrl("approval_migrations_old");
        JdbcTemplate old = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", ""));
        try (InputStream script = getClass().getResourceAsStream("/db/before-flyway/approval-service-schema.sql")) {
            old.execute(new String(script.readAllBytes(), StandardCharsets.UTF_8));
        }
        old.update("insert into directory_employee (employee_id, manager_id, status, as_of) values"
                + " ('E20', 'E30', 'ACTIVE', now()), ('E30', 'E40', 'ACTIVE', now()), ('E40', null, 'ACTIVE', now())");
        old.update("insert into inbox_request (request_id, requester_id, beneficiary_id, entitlement, justification,"
                + " access_duration, submitted_at) values ('R-1', 'E20', 'E20', 'salesforce:edit', 'Pipeline review',"
                + " 'P30D', '2026-10-01T09:00:00Z')");
        old.update("insert into inbox_evaluation (request_id, policy_version, risk_level, findings, stages,"
                + " evaluated_at) values ('R-1', '4', 'HIGH',"
                + " '[{\"rule\":\"separationOfDuties\",\"severity\":\"HIGH\",\"message\":\"Also holds finance:approve\"}]',"
                + " '[\"MANAGER\"]', '2026-10-01T09:00:01Z')");
        old.update("insert into inbox_task (task_id, request_id, stage, assignee_id, queue, due_at, opened_at, status,"
                + " delegate_id, escalation_level) values ('T-1', 'R-1', 'MANAGER', 'E30', null,"
                + " '2026-10-04T09:00:01Z', '2026-10-01T09:00:01Z', 'OPEN', null, 0)");
        old.update("insert into inbox_task_history (event_id, task_id, at, actor_id, what) values"
                + " ('ev-1', 'T-1', '2026-10-01T09:00:01Z', null, 'opened for E30, due 2026-10-04T09:00:01Z')");
        old.update("insert into out_of_office (employee_id, cover_id, from_at, until_at, reason) values"
                + " ('E30', 'E40', '2026-12-20T00:00:00Z', '2027-01-04T00:00:00Z', 'Holidays')");

        try (RunningService service = RunningService.start(onDatabase(ApprovalServiceApplication.application(), url),
                "approval_migrations_unused")) {
            assertThat(SchemaVersions.applied(service.jdbc())).endsWith(SchemaVersions.latest(SERVICE));
            assertThat(service.bean(DirectoryView.class).managerChain(EmployeeId.of("E20")))
                    .containsExactly(EmployeeId.of("E30"), EmployeeId.of("E40"));
            List<InboxView.Task> tasks = service.bean(InboxView.class).tasksOf(EmployeeId.of("E30"), Set.of(),
                    "OPEN", null);
            assertThat(tasks).singleElement().satisfies(task -> {
                assertThat(task.taskId()).isEqualTo("T-1");
                assertThat(task.request().justification()).isEqualTo("Pipeline review");
                assertThat(task.findings()).containsExactly(new Finding("separationOfDuties", Sensitivity.HIGH,
                        "Also holds finance:approve"));
                assertThat(task.history()).extracting(InboxView.HistoryEntry::what)
                        .containsExactly("opened for E30, due 2026-10-04T09:00:01Z");
            });
            assertThat(service.bean(InboxView.class).requestOf(TaskId.of("T-1"))).isPresent();
            assertThat(service.bean(AbsenceStore.class).at(EmployeeId.of("E30"), Instant.parse("2026-12-24T12:00:00Z")))
                    .hasValueSatisfying(absence -> assertThat(absence.coverId()).isEqualTo(EmployeeId.of("E40")));
        }
    }

    /**
     * The application on that database: ahead of every other property source (a second
     * {@code --spring.datasource.url} argument would be joined to RunningService's own, not replace it).
     */
    private static SpringApplicationBuilder onDatabase(SpringApplicationBuilder application, String url) {
        return application.initializers(context -> context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("old-database", Map.of("spring.datasource.url", url))));
    }
}
