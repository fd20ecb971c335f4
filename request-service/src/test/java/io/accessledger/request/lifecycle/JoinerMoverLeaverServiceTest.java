package io.accessledger.request.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.codec.EventJson;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.policyinforce.PolicyInForceView;
import io.accessledger.request.RequestServiceApplication;
import io.accessledger.request.directory.Employee;
import io.accessledger.spine.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The whole service, as it runs: a real (in-JVM KRaft) broker and its own PostgreSQL. A person is hired, moved and
 * terminated through the directory aggregate; the identity events go out through the outbox and come back to the
 * joiner/mover/leaver consumer, whose requests come back to the timeline.
 */
class JoinerMoverLeaverServiceTest {
    private static final EmployeeId JOINER = EmployeeId.of("E2001");
    private static RunningService service;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startService() {
        service = RunningService.start(RequestServiceApplication.application(), "request_lifecycle");
        jdbc = service.jdbc();
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aJoinerGetsTheStandardProfileAMoverTheNewItemsAndALeaversRequestsAreWithdrawn() throws Exception {
        service.publish(new PolicyPublished(EventId.of(UUID.randomUUID().toString()), "3", EmployeeId.of("E1041"),
                List.of(), EventJson.mapper().writeValueAsString(LifecycleRulesTest.POLICY),
                Instant.parse("2026-01-01T00:00:00Z")), "policy-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(PolicyInForceView.class).current().isPresent());
        CommandGateway commands = service.bean(CommandGateway.class);
        EmployeeProfile engineer = LifecycleRulesTest.engineer();

        // Hired: every item of the position's standard profile is asked for by the system, out of profile never.
        EventId hireId = EventId.of(UUID.randomUUID().toString());
        commands.sendAndWait(new Employee.RecordEmployee(JOINER, engineer, LocalDate.parse("2026-03-02"), "workday",
                hireId, Instant.parse("2026-03-01T09:00:00Z")));
        await().atMost(Duration.ofSeconds(60)).until(() -> requests("HRIS_JOINER").size() == 4);
        assertThat(requests("HRIS_JOINER")).extracting(row -> row.get("resource_id") + ":" + row.get("access_level"))
                .containsExactlyInAnyOrder("confluence:read", "vpn:user", "github:write", "jira:edit");
        assertThat(requests("HRIS_JOINER")).allSatisfy(row -> {
            assertThat(row.get("requester_id")).isEqualTo("accessledger-hris");
            assertThat(row.get("exceeds_standard_profile")).isEqualTo(false);
            assertThat((String) row.get("justification")).startsWith("Birthright access of the ")
                    .endsWith(" profile for Software Engineer, Engineering; hired 2026-03-02");
        });

        // The same hire handled again past the spine's dedupe (a replay from a new consumer group): nothing twice.
        EmployeeHired hired = new EmployeeHired(hireId, JOINER, engineer, LocalDate.parse("2026-03-02"), "workday",
                Instant.parse("2026-03-01T09:00:00Z"));
        service.bean(TransactionTemplate.class).executeWithoutResult(status -> service
                .bean(LifecycleRequests.class).handle(hired, Envelope.of(hired, "request-service",
                        hired.subject(), null, null)));
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where payloadtype = ?", Integer.class,
                "io.accessledger.events.request.RequestSubmitted")).isEqualTo(4);

        // Moved to Marketing: only what the new position brings and the person lacks (the organisation-wide items
        // are in flight already).
        EmployeeProfile marketer = new EmployeeProfile(JOINER, engineer.name(), engineer.email(), "Marketing",
                "Campaign Manager", EmployeeId.of("E1007"), EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE, null,
                null, true);
        commands.sendAndWait(new Employee.RecordEmployee(JOINER, marketer, LocalDate.parse("2026-04-01"), "workday",
                EventId.of(UUID.randomUUID().toString()), Instant.parse("2026-04-01T08:00:00Z")));
        await().atMost(Duration.ofSeconds(60)).until(() -> requests("HRIS_MOVER").size() == 1);
        Map<String, Object> moverRequest = requests("HRIS_MOVER").get(0);
        assertThat(moverRequest.get("resource_id") + ":" + moverRequest.get("access_level")).isEqualTo("hubspot:edit");
        assertThat(moverRequest.get("justification")).isEqualTo("Standard access of the Marketing profile for"
                + " Campaign Manager, Marketing; moved from Software Engineer, Engineering on 2026-04-01");

        // Terminated: every undecided request is withdrawn by the system, withdrawal code LEAVER.
        EmployeeProfile left = new EmployeeProfile(JOINER, engineer.name(), engineer.email(), "Marketing",
                "Campaign Manager", EmployeeId.of("E1007"), EmploymentType.EMPLOYEE, EmploymentStatus.TERMINATED, null,
                null, true);
        commands.sendAndWait(new Employee.RecordEmployee(JOINER, left, LocalDate.parse("2026-05-15"), "workday",
                EventId.of(UUID.randomUUID().toString()), Instant.parse("2026-05-15T17:00:00Z")));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from request_view where beneficiary_id = ? and status = 'WITHDRAWN'", Integer.class,
                JOINER.value()) == 5);
        assertThat(jdbc.queryForList("select reason from request_timeline where type = 'RequestWithdrawn'",
                String.class)).hasSize(5).allSatisfy(reason -> assertThat(reason)
                        .isEqualTo("the beneficiary left the organisation on 2026-05-15"));
        assertThat(jdbc.queryForList("select details::text from request_timeline where type = 'RequestWithdrawn'",
                String.class)).allSatisfy(details -> assertThat(details).contains("\"code\":\"LEAVER\""));

        // The business metric on the Prometheus scrape: requests by status and source.
        String scrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(service.baseUrl() + "/actuator/prometheus")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(scrape)
                .containsPattern("accessledger_requests\\{[^}]*source=\"HRIS_JOINER\"[^}]*status=\"WITHDRAWN\"[^}]*} 4\\.0")
                .containsPattern("accessledger_requests\\{[^}]*source=\"HRIS_MOVER\"[^}]*status=\"WITHDRAWN\"[^}]*} 1\\.0");
    }

    private static List<Map<String, Object>> requests(String source) {
        return jdbc.queryForList("select * from request_view where beneficiary_id = ? and source = ?",
                JOINER.value(), source);
    }
}
