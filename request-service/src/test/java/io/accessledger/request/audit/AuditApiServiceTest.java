package io.accessledger.request.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.accessledger.audit.model.AuditTrailView;
import io.accessledger.events.DomainEvent;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.ManagerApproved;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.policy.PolicyEvaluated;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.identity.EmployeeTerminated;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.request.RequestServiceApplication;
import io.accessledger.spine.replay.ReadModelRebuilds;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.web.DevTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The auditors' API on the running service over its real broker and database: events published as their owning
 * services publish them reach the audit read models through the spine's consumers, and come back out over HTTP
 * behind the edge's bearer-token security, to the AUDITOR role only, every read logged with who asked.
 */
class AuditApiServiceTest {
    private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant GRANTED = AT.plus(Duration.ofDays(1));
    private static final Instant REVOKED = AT.plus(Duration.ofDays(20));
    private static final EmployeeId ALICE = EmployeeId.of("E1001");
    private static final EmployeeId MANAGER = EmployeeId.of("E1000");
    private static final String AUDITOR = DevTokens.mint("E9001", "AUDITOR");

    private static RunningService service;
    private static WebTestClient http;
    private static final ListAppender<ILoggingEvent> reads = new ListAppender<>();

    @BeforeAll
    static void start() {
        service = RunningService.start(RequestServiceApplication.application(), "audit_api");
        http = WebTestClient.bindToServer().baseUrl(service.baseUrl()).responseTimeout(Duration.ofSeconds(30))
                .build();
        reads.start();
        ((Logger) LoggerFactory.getLogger(AuditController.READS_LOGGER)).addAppender(reads);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(AuditController.READS_LOGGER)).detachAppender(reads);
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theEvidenceOfAGrantIsTheWholeChainFromTheRealEventsAndTheReadIsLoggedWithWhoAsked() {
        GrantId grant = story("crm");

        Map<?, ?> evidence = awaitEvidence(grant);

        assertThat(evidence.get("requestId")).isEqualTo(requestOf(grant));
        assertThat(evidence.get("employeeId")).isEqualTo("E1001");
        List<?> steps = (List<?>) evidence.get("steps");
        assertThat(steps.stream().map(step -> String.valueOf(((Map<?, ?>) step).get("type"))).toList()).containsExactly("RequestSubmitted",
                "PolicyEvaluated", "ManagerApproved", "AccessApproved", "AccessProvisioned", "AccessRevoked");
        Map<?, ?> decision = (Map<?, ?>) steps.get(2);
        assertThat(decision.get("actorId")).isEqualTo("E1000");
        assertThat(decision.get("reason")).isEqualTo("Needed for the Q2 forecast");
        assertThat(((Map<?, ?>) decision.get("details")).get("conditions"))
                .isEqualTo(Map.of("accessDuration", "P30D", "mfaRequired", true));
        assertThat(((Map<?, ?>) ((Map<?, ?>) steps.get(4)).get("details")).get("reference"))
                .isEqualTo("REF-" + requestOf(grant));
        assertThat(((Map<?, ?>) steps.get(5)).get("reason")).isEqualTo("REVIEW");
        assertThat(reads.list).anySatisfy(line -> assertThat(line.getFormattedMessage())
                .contains("caller=E9001", "endpoint=evidence", grant.value()));
    }

    @Test
    void whoHeldWhatIsAnsweredForAnInstantInsideTheGrantWindowAndNotAfterIt() {
        GrantId grant = story("erp");
        awaitEvidence(grant);
        await().atMost(Duration.ofSeconds(60)).until(() -> holdings(GRANTED.plusSeconds(60), "erp").size() == 1);

        assertThat(holdings(GRANTED.plusSeconds(60), "erp")).singleElement().satisfies(holding -> {
            assertThat(((Map<?, ?>) holding).get("grantId")).isEqualTo(grant.value());
            assertThat(((Map<?, ?>) holding).get("endReason")).isEqualTo("REVOKED:REVIEW");
        });
        assertThat(holdings(REVOKED, "erp")).isEmpty();
    }

    @Test
    void theExportIsStreamedAsCsvOrJsonLinesWithItsContentType() {
        GrantId grant = story("wiki");
        awaitEvidence(grant);

        String csv = http.get().uri("/api/v1/audit/export?from=2026-03-01&to=2026-04-01&format=csv")
                .header("Authorization", "Bearer " + AUDITOR).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(new MediaType("text", "csv"))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv).startsWith("occurredAt,eventId,topic,type,subject,requestId,grantId,employeeId,")
                .contains(grant.value(), "AccessRevoked");
        String json = http.get().uri("/api/v1/audit/export?format=JSON")
                .header("Authorization", "Bearer " + AUDITOR).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/x-ndjson"))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(json.lines()).allSatisfy(line -> assertThat(line).startsWith("{\"occurredAt\":"))
                .anySatisfy(line -> assertThat(line).contains(grant.value()));
    }

    @Test
    void aLeaversTimeToRevokeIsAnsweredForThePeriodOfTheTermination() {
        EmployeeId leaver = EmployeeId.of("E1050");
        GrantId grant = story("vpn", leaver, RevocationReason.LEAVER, Instant.parse("2026-03-15T02:30:00Z"));
        service.publish(new EmployeeTerminated(id(), leaver, new EmployeeProfile(leaver, "Lee Leaver",
                "lee@example.com", "Sales", "Analyst", MANAGER, EmploymentType.EMPLOYEE, EmploymentStatus.TERMINATED,
                null, null, true), LocalDate.parse("2026-03-15"), "hris", AT.plus(Duration.ofDays(10))),
                "request-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(AuditTrailView.class)
                .joinersMoversLeavers(null, null).stream().anyMatch(c -> !c.changes().isEmpty()
                        && c.employeeId().equals("E1050")));

        http.get().uri("/api/v1/audit/joiners-movers-leavers?from=2026-03-01&to=2026-04-01")
                .header("Authorization", "Bearer " + AUDITOR).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.from").isEqualTo("2026-03-01T00:00:00Z")
                .jsonPath("$.cases[?(@.employeeId == 'E1050')].kind").isEqualTo("LEAVER")
                .jsonPath("$.cases[?(@.employeeId == 'E1050')].effectiveAt").isEqualTo("2026-03-15T00:00:00Z")
                .jsonPath("$.cases[?(@.employeeId == 'E1050')].changes[0].action").isEqualTo("REMOVED")
                .jsonPath("$.cases[?(@.employeeId == 'E1050')].changes[0].grantId").isEqualTo(grant.value())
                .jsonPath("$.cases[?(@.employeeId == 'E1050')].changes[0].after").isEqualTo("PT2H30M");
    }

    @Test
    void withoutATokenTheAuditApiAnswers401() {
        for (String path : List.of("/api/v1/audit/access", "/api/v1/audit/grants/G-1/evidence",
                "/api/v1/audit/export", "/api/v1/audit/joiners-movers-leavers")) {
            http.get().uri(path).exchange().expectStatus().isUnauthorized();
        }
    }

    @Test
    void everyRoleButAuditorIsRefusedWith403AndTheAttemptIsLogged() {
        for (String role : List.of("IAM", "SECURITY", "COMPLIANCE", "ADMIN", "EMPLOYEE")) {
            String token = DevTokens.mint("E7001", role);
            for (String path : List.of("/api/v1/audit/access?asOf=nonsense", "/api/v1/audit/grants/G-1/evidence",
                    "/api/v1/audit/export", "/api/v1/audit/joiners-movers-leavers")) {
                http.get().uri(path).header("Authorization", "Bearer " + token).exchange()
                        .expectStatus().isForbidden()
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            }
        }
        assertThat(reads.list).anySatisfy(line -> assertThat(line.getFormattedMessage())
                .contains("refused", "caller=E7001", "endpoint=export"));
    }

    @Test
    void badTimesFormatsAndPeriodsAre400Problems() {
        for (String path : List.of("/api/v1/audit/access?asOf=yesterday", "/api/v1/audit/export?format=xml",
                "/api/v1/audit/export?from=2026-13-01", "/api/v1/audit/export?from=2026-03-02&to=2026-03-01",
                "/api/v1/audit/joiners-movers-leavers?to=03/01/2026")) {
            http.get().uri(path).header("Authorization", "Bearer " + AUDITOR).exchange()
                    .expectStatus().isEqualTo(HttpStatus.BAD_REQUEST)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").isEqualTo(400).jsonPath("$.errors[0].field").exists();
        }
    }

    @Test
    void anUnknownGrantIs404() {
        http.get().uri("/api/v1/audit/grants/G-unknown/evidence").header("Authorization", "Bearer " + AUDITOR)
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aRebuildFromTheTopicsAloneGivesTheSameAuditTables() {
        awaitEvidence(story("rebuild"));
        ReadModelRebuilds rebuilds = service.bean(ReadModelRebuilds.class);

        ReadModelRebuilds.Rebuild started = rebuilds.start();
        await().atMost(Duration.ofSeconds(120)).until(() -> rebuilds.find(started.id()).orElseThrow().state()
                != ReadModelRebuilds.State.RUNNING);
        ReadModelRebuilds.Rebuild done = rebuilds.find(started.id()).orElseThrow();

        assertThat(done.readModels()).contains("audit-trail", "audit-access-history");
        assertThat(done.comparison()).filteredOn(table -> table.table().startsWith("audit_"))
                .extracting(ReadModelRebuilds.TableComparison::table)
                .containsExactlyInAnyOrder("audit_event", "audit_grant_opened", "audit_grant_ended");
        assertThat(done.comparison()).filteredOn(table -> table.table().startsWith("audit_"))
                .allSatisfy(table -> {
                    assertThat(table.equal()).as(table.toString()).isTrue();
                    assertThat(table.liveRows()).isPositive();
                    assertThat(table.ignoredColumns()).isEmpty();
                });
        rebuilds.drop(done.id());
    }

    /** A request of {@code resource}:read, decided, provisioned at GRANTED and revoked at REVOKED for a review. */
    private static GrantId story(String resource) {
        return story(resource, ALICE, RevocationReason.REVIEW, REVOKED);
    }

    /** A request of {@code person}'s for {@code resource}:read, decided, provisioned at GRANTED and revoked. */
    private static GrantId story(String resource, EmployeeId person, RevocationReason reason, Instant revokedAt) {
        RequestId request = RequestId.of("R-" + UUID.randomUUID());
        GrantId grant = Ids.grantFor(request);
        Entitlement what = new Entitlement(resource, "read");
        Conditions conditions = new Conditions(Duration.ofDays(30), true, null);
        List<Map.Entry<DomainEvent, String>> log = List.of(
                Map.entry(new RequestSubmitted(id(), request, null, person, person, resource, "read",
                        "Quarter-end reporting", null, null, RequestSource.PORTAL, false, List.of(), AT),
                        "request-service"),
                Map.entry(new PolicyEvaluated(id(), request, "3", person, what, null, List.of(), null, List.of(),
                        false, null, null, AT.plusSeconds(1)), "policy-service"),
                Map.entry(new ManagerApproved(id(), request, TaskId.of("T-" + request.value()), MANAGER,
                        "Needed for the Q2 forecast", conditions, AT.plusSeconds(3600)), "approval-service"),
                Map.entry(new AccessApproved(id(), request, person, what, null, conditions, List.of("E1000"), "3",
                        null, AT.plusSeconds(3601)), "approval-service"),
                Map.entry(new AccessProvisioned(id(), grant, request, person, what, resource + ".internal", "demo",
                        "REF-" + request.value(), null, conditions, GRANTED, null, null, GRANTED.plusSeconds(1)),
                        "provisioning-service"),
                Map.entry(new AccessRevoked(id(), grant, request, person, what, resource + ".internal",
                        reason, MANAGER, revokedAt), "provisioning-service"));
        log.forEach(entry -> service.publish(entry.getKey(), entry.getValue()));
        return grant;
    }

    private static String requestOf(GrantId grant) {
        return service.bean(AuditTrailView.class).evidence(grant.value()).orElseThrow().requestId();
    }

    private static Map<?, ?> awaitEvidence(GrantId grant) {
        await().atMost(Duration.ofSeconds(90)).until(() -> service.bean(AuditTrailView.class)
                .evidence(grant.value()).map(evidence -> evidence.steps().size() == 6).orElse(false));
        return http.get().uri("/api/v1/audit/grants/{grantId}/evidence", grant.value())
                .header("Authorization", "Bearer " + AUDITOR).exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private static List<?> holdings(Instant asOf, String resource) {
        Map<?, ?> body = http.get().uri("/api/v1/audit/access?asOf={asOf}&employeeId=E1001&resourceId={resource}",
                        asOf.toString(), resource)
                .header("Authorization", "Bearer " + AUDITOR).exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (List<?>) body.get("holdings");
    }

    private static EventId id() {
        return EventId.of(UUID.randomUUID().toString());
    }
}
