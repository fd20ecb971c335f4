package io.accessledger.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.request.directory.DirectoryView;
import io.accessledger.request.hris.DeliveryStore;
import io.accessledger.request.hris.workday.EffectiveDatedStore;
import io.accessledger.request.intake.HoldingsView;
import io.accessledger.request.intake.IdempotencyStore;
import io.accessledger.request.servicenow.ServiceNowStore;
import io.accessledger.request.timeline.RequestView;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.spine.testing.SchemaVersions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The service's own migrations: it starts on an empty database and brings it to the latest version, and it starts on
 * a database its previous release left (the schema it created itself before Flyway: there is no older version of the
 * migrations yet) and keeps that database's rows, readable through each table's owner.
 */
class RequestServiceMigrationsTest {
    private static final String SERVICE = "request-service";

    @Test
    void startsOnAnEmptyDatabaseAtTheLatestVersion() {
        try (RunningService service = RunningService.start(RequestServiceApplication.application(),
                "request_migrations_empty")) {
            assertThat(SchemaVersions.applied(service.jdbc())).isNotEmpty().last()
                    .isEqualTo(SchemaVersions.latest(SERVICE));
            assertThat(service.bean(RequestView.class).page(null, null, null, 0, 20)).isEmpty();
            assertThat(service.bean(HoldingsView.class).held(EmployeeId.of("E1001"))).isEmpty();
        }
    }

    @Test
    void startsOnADatabaseAtThePreviousVersionAndKeepsItsRows() {
        String url = LocalPostgres.freshDatabaseUrl("request_migrations_old");
        JdbcTemplate old = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", ""));
        old.execute(resource("/db/before-flyway/request-service.sql"));
        rowsOfThePreviousRelease(old);

        try (RunningService service = RunningService.start(RequestServiceApplication.application(),
                "request_migrations_unused", "--spring.datasource.url=" + url)) {
            assertThat(SchemaVersions.applied(service.jdbc())).last().isEqualTo(SchemaVersions.latest(SERVICE));

            RequestView.Request request = service.bean(RequestView.class).find("R-old-1").orElseThrow();
            assertThat(request.status()).isEqualTo("IN_REVIEW");
            assertThat(request.beneficiaryId()).isEqualTo("E1001");
            assertThat(request.flags()).containsExactly("exceedsStandardProfile", "sensitiveResource");
            assertThat(request.timeline()).extracting(RequestView.TimelineEntry::type)
                    .containsExactly("RequestSubmitted", "PolicyEvaluated");
            assertThat(service.bean(RequestView.class).page(EmployeeId.of("E1001"), null, "IN_REVIEW", 0, 20))
                    .singleElement().satisfies(row -> {
                        assertThat(row.requestId()).isEqualTo("R-old-1");
                        assertThat(row.flags()).containsExactly("exceedsStandardProfile", "sensitiveResource");
                    });
            assertThat(service.bean(RequestView.class).page(EmployeeId.of("E9999"), null, null, 0, 20)).isEmpty();
            assertThat(service.bean(RequestView.class).inFlight(EmployeeId.of("E1001"),
                    new Entitlement("finance-dwh", "read"))).contains("R-old-1");
            assertThat(service.bean(HoldingsView.class).held(EmployeeId.of("E1001")))
                    .containsExactly(Map.entry(new Entitlement("vpn", "user"), "G-old-1"));
            assertThat(service.bean(DirectoryView.class).find(EmployeeId.of("E1001")).orElseThrow())
                    .satisfies(person -> {
                        assertThat(person.department()).isEqualTo("Finance");
                        assertThat(person.status()).isEqualTo(EmploymentStatus.ACTIVE);
                    });
            assertThat(service.bean(IdempotencyStore.class).earlier(EmployeeId.of("E1001"), "key-1", Answer.class))
                    .contains(new Answer("R-old-1", "SUBMITTED"));
            assertThat(service.bean(ServiceNowStore.class).sysIdOf("R-old-1")).contains("sys-old-1");
            assertThat(service.bean(ServiceNowStore.class).closed("sys-old-1")).isFalse();
            assertThat(service.bean(EffectiveDatedStore.class).find("wd-old-1").orElseThrow().state())
                    .isEqualTo(EffectiveDatedStore.State.PENDING);
            assertThat(service.bean(DeliveryStore.class).claim("workday", "wd-old-1", Instant.now())).isFalse();
        }
    }

    /** The shape of an earlier answer to a submission, as far as this test reads it. */
    record Answer(String requestId, String status) {
    }

    private static void rowsOfThePreviousRelease(JdbcTemplate jdbc) {
        jdbc.update("""
                insert into directory_employee (employee_id, name, email, department, job_title, manager_id,
                    employment_type, status, mfa_enrolled, as_of)
                values ('E1001', 'Ada Example', 'ada@example.com', 'Finance', 'Analyst', 'E1000', 'EMPLOYEE',
                    'ACTIVE', true, '2026-01-05T09:00:00Z')""");
        jdbc.update("""
                insert into request_view (request_id, status, status_rank, status_at, requester_id, beneficiary_id,
                    resource_id, access_level, justification, source, exceeds_standard_profile, submitted_at)
                values ('R-old-1', 'IN_REVIEW', 1, '2026-01-06T10:00:01Z', 'E1001', 'E1001', 'finance-dwh', 'read',
                    'Quarter-end reporting for the finance team', 'PORTAL', true, '2026-01-06T10:00:00Z')""");
        jdbc.update("""
                insert into request_timeline (event_id, request_id, type, at, actor_id, reason, details) values
                ('ev-old-1', 'R-old-1', 'RequestSubmitted', '2026-01-06T10:00:00Z', 'E1001', null, '{"eventId":"ev-old-1"}'),
                ('ev-old-2', 'R-old-1', 'PolicyEvaluated', '2026-01-06T10:00:01Z', null, null, '{"eventId":"ev-old-2"}')""");
        jdbc.update("insert into request_flag (request_id, flag) values ('R-old-1', 'sensitiveResource'),"
                + " ('R-old-1', 'exceedsStandardProfile')");
        jdbc.update("insert into idempotency_key (requester_id, idem_key, request_id, response) values"
                + " ('E1001', 'key-1', 'R-old-1', '{\"requestId\":\"R-old-1\",\"status\":\"SUBMITTED\"}')");
        jdbc.update("insert into held_grant (grant_id, employee_id, entitlement) values ('G-old-1', 'E1001', 'vpn:user')");
        jdbc.update("insert into hris_webhook_delivery (source, delivery_id, received_at)"
                + " values ('workday', 'wd-old-1', '2026-01-04T08:00:00Z')");
        jdbc.update("""
                insert into hris_effective_dated_event (source, event_ref, employee_id, effective_on, state, payload,
                    received_at)
                values ('workday', 'wd-old-1', 'E1001', '2027-02-01', 'PENDING',
                    '{"employeeId":"E1001","patch":{"fields":{"department":"Treasury"}},"effectiveOn":"2027-02-01"}',
                    '2026-01-04T08:00:00Z')""");
        jdbc.update("insert into servicenow_ritm (sys_id, number, request_id, received_at)"
                + " values ('sys-old-1', 'RITM0010023', 'R-old-1', '2026-01-06T10:00:00Z')");
    }

    private static String resource(String name) {
        try (InputStream in = RequestServiceMigrationsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
