package io.accessledger.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.review.cleanup.HeldGrantsView;
import io.accessledger.review.cleanup.LeaverStore;
import io.accessledger.review.cleanup.MoverStore;
import io.accessledger.review.cleanup.RequestSubmissionsView;
import io.accessledger.review.schedule.ReviewCalendarView;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.spine.testing.SchemaVersions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The service's versioned schema: it starts on an empty database, and on one its release before versioned migrations
 * left (made by that release's own script, kept under {@code db/before-flyway}), whose rows it still reads.
 */
class ReviewSchedulerMigrationsTest {
    private static final String SERVICE = "review-scheduler";

    @Test
    void startsOnAnEmptyDatabaseAtTheLatestVersion() {
        try (RunningService service = RunningService.start(ReviewSchedulerApplication.application(),
                "review_migrations_empty")) {
            assertThat(SchemaVersions.applied(service.jdbc())).endsWith(SchemaVersions.latest(SERVICE));
            assertThat(service.bean(ReviewCalendarView.class).expiredBy(Instant.now())).isEmpty();
        }
    }

    @Test
    void startsOnADatabaseAtThePreviousVersionAndKeepsItsRows() throws IOException {
        String url = LocalPostgres.freshDatabaseUrl("review_migrations_old");
        JdbcTemplate old = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", ""));
        try (InputStream script = getClass().getResourceAsStream("/db/before-flyway/review-scheduler-schema.sql")) {
            old.execute(new String(script.readAllBytes(), StandardCharsets.UTF_8));
        }
        old.update("insert into review_calendar (grant_id, request_id, employee_id, entitlement, review_due_at,"
                + " expires_at, expiry_requested_at) values ('G-1', 'R-1', 'E10', 'aws-prod:admin',"
                + " '2027-04-01T00:00:00Z', '2026-11-01T00:00:00Z', null), ('G-2', 'R-2', 'E10', 'jira:edit',"
                + " '2027-04-01T00:00:00Z', '2026-11-01T00:00:00Z', '2026-11-01T00:01:00Z')");
        old.update("insert into held_grant (grant_id, request_id, employee_id, entitlement) values"
                + " ('G-1', 'R-1', 'E10', 'aws-prod:admin'), ('G-2', 'R-2', 'E10', 'jira:edit')");
        old.update("insert into leaver (employee_id, effective_on, cause_id, done) values ('E11', '2027-01-15', 'ev-9',"
                + " false)");
        old.update("insert into mover (employee_id, effective_on, department, job_title, cause_id, done) values"
                + " ('E10', '2026-10-15', 'Data', 'Data Analyst', 'ev-8', true)");
        old.update("insert into request_submitted (request_id, submitted_at) values ('R-1', '2026-09-01T10:00:00Z')");

        try (RunningService service = RunningService.start(onDatabase(ReviewSchedulerApplication.application(), url),
                "review_migrations_unused")) {
            assertThat(SchemaVersions.applied(service.jdbc())).endsWith(SchemaVersions.latest(SERVICE));
            assertThat(service.bean(ReviewCalendarView.class).expiredBy(Instant.parse("2026-11-02T00:00:00Z")))
                    .extracting(ReviewCalendarView.Expiring::grantId).containsExactly(GrantId.of("G-1"));
            assertThat(service.bean(HeldGrantsView.class).heldBy(EmployeeId.of("E10")))
                    .extracting(HeldGrantsView.HeldGrant::entitlement)
                    .containsExactly(Entitlement.parse("aws-prod:admin"), Entitlement.parse("jira:edit"));
            assertThat(service.bean(LeaverStore.class).due(LocalDate.parse("2027-01-15")))
                    .containsExactly(EmployeeId.of("E11"));
            assertThat(service.bean(MoverStore.class).of(EmployeeId.of("E10"))).hasValue(new MoverStore.Move(
                    EmployeeId.of("E10"), LocalDate.parse("2026-10-15"), "Data", "Data Analyst", null));
            assertThat(service.bean(RequestSubmissionsView.class).submittedAt(List.of(RequestId.of("R-1"),
                    RequestId.of("R-2")))).isEqualTo(Map.of(RequestId.of("R-1"), Instant.parse("2026-09-01T10:00:00Z")));
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
