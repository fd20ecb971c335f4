package io.accessledger.provisioning.sailpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.provisioning.ServiceFixture;
import io.accessledger.provisioning.connectors.Assignment;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.provisioning.connectors.TargetSettings;
import io.accessledger.web.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * AccessLedger as a source SailPoint ISC aggregates (docs/SAILPOINT.md), in the whole service (real KRaft broker, real
 * PostgreSQL): two policy versions make the catalog, approvals become ACTIVE grants through a connector that always
 * succeeds, one is revoked; then the accounts and entitlements are aggregated page by page exactly as the documented
 * Web Services configuration does it — the first page at the operation's URL, then the paging steps
 * ({@code TERMINATE_IF $response.nextOffset$ == NULL}, next URL with {@code offset=$response.nextOffset$}) — and the
 * records read at the documented root paths.
 */
class SailPointAggregationServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISC = DevTokens.mint("svc-sailpoint", "AUDITOR");
    private static ServiceFixture service;

    /** A target whose every grant and revocation succeeds at once, so grants become ACTIVE (and REVOKED). */
    @Configuration(proxyBeanMethods = false)
    static class AlwaysDoneConfiguration {
        @Bean
        Connector alwaysDone() {
            return new Connector() {
                @Override
                public String type() {
                    return "always-done";
                }

                @Override
                public Result grant(Assignment assignment, TargetSettings target) {
                    return new Result.Done("granted:" + assignment.login());
                }

                @Override
                public Result revoke(Assignment assignment, TargetSettings target) {
                    return new Result.Done("removed:" + assignment.login());
                }
            };
        }
    }

    @BeforeAll
    static void startServiceWithGrants() {
        service = ServiceFixture.start("provisioning_sailpoint", List.of(AlwaysDoneConfiguration.class),
                "--accessledger.notifications.enabled=false",
                "--accessledger.provisioning.targets.lab.type=always-done",
                "--accessledger.provisioning.worker.poll-every=PT0.1S");
        publishPolicy("1", Instant.parse("2026-10-01T08:00:00Z"), List.of(labApp(), wiki()));
        publishPolicy("2", Instant.parse("2026-10-15T08:00:00Z"), List.of(labApp(), crm()));
        for (String employee : List.of("E7101", "E7102", "E7103", "E7104", "E7105")) {
            service.hire(employee, "Person " + employee, employee.toLowerCase() + "@example.com", null);
            approve(employee, "R-sp-" + employee, "lab-app:read");
        }
        GrantId admin = approve("E7101", "R-sp-E7101-admin", "lab-app:admin");
        GrantId legacy = approve("E7102", "R-sp-E7102-legacy", "legacy:read");
        GrantId revoked = Ids.grantFor(RequestId.of("R-sp-E7105"));
        await().atMost(Duration.ofSeconds(60)).until(() -> "ACTIVE".equals(status(revoked))
                && "ACTIVE".equals(status(admin)) && "ACTIVE".equals(status(legacy)));
        service.publish(new AccessRevocationRequested(EventId.of(UUID.randomUUID().toString()), revoked,
                RequestId.of("R-sp-E7105"), EmployeeId.of("E7105"), Entitlement.parse("lab-app:read"),
                RevocationReason.REVIEW, EmployeeId.of("E1031"), "no longer needed",
                Instant.parse("2026-11-20T09:00:00Z")), "review-scheduler");
        await().atMost(Duration.ofSeconds(60)).until(() -> "REVOKED".equals(status(revoked))
                && service.jdbc().queryForObject("select count(*) from grant_view where status = 'ACTIVE'",
                        Integer.class) == 6
                && service.jdbc().queryForObject("select count(*) from sailpoint_entitlement where policy_version"
                        + " = '2'", Integer.class) == 3);
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void accountAggregationPagesThroughEveryPersonWithTheirActiveEntitlementsAndStopsAtTheLastPage()
            throws Exception {
        Aggregation aggregation = aggregate("/api/v1/integrations/sailpoint/accounts", "accounts", 2);

        assertThat(aggregation.requests()).containsExactly(
                "/api/v1/integrations/sailpoint/accounts?limit=2&offset=0",
                "/api/v1/integrations/sailpoint/accounts?limit=2&offset=2",
                "/api/v1/integrations/sailpoint/accounts?limit=2&offset=4");
        assertThat(aggregation.records()).extracting(account -> account.get("id").asText())
                .containsExactly("E7101", "E7102", "E7103", "E7104", "E7105");
        JsonNode first = aggregation.records().get(0);
        assertThat(first.get("name").asText()).isEqualTo("Person E7101");
        assertThat(first.get("email").asText()).isEqualTo("e7101@example.com");
        assertThat(first.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(texts(first.get("entitlements"))).containsExactly("lab-app:admin", "lab-app:read");
        JsonNode adminGrant = first.get("grants").get(0);
        assertThat(adminGrant.get("entitlement").asText()).isEqualTo("lab-app:admin");
        assertThat(adminGrant.get("grantId").asText())
                .isEqualTo(Ids.grantFor(RequestId.of("R-sp-E7101-admin")).value());
        assertThat(adminGrant.get("target").asText()).isEqualTo("lab");
        assertThat(adminGrant.get("grantedAt").isNull()).isFalse();
        assertThat(adminGrant.get("expiresAt").isNull()).isFalse();
        assertThat(texts(aggregation.records().get(1).get("entitlements"))).containsExactly("lab-app:read",
                "legacy:read");
        JsonNode revoked = aggregation.records().get(4);
        assertThat(texts(revoked.get("entitlements"))).isEmpty();
        assertThat(revoked.get("grants")).isEmpty();
    }

    @Test
    void entitlementAggregationPagesThroughTheCatalogAndTheGrantedEntitlementsItNoLongerDescribes()
            throws Exception {
        Aggregation aggregation = aggregate("/api/v1/integrations/sailpoint/entitlements", "entitlements", 2);

        assertThat(aggregation.requests()).hasSize(3);
        assertThat(aggregation.records()).extracting(entitlement -> entitlement.get("id").asText())
                .containsExactly("crm:view", "lab-app:admin", "lab-app:read", "legacy:read", "wiki:read");
        JsonNode admin = aggregation.records().get(1);
        assertThat(admin.get("name").asText()).isEqualTo("Lab app (admin)");
        assertThat(admin.get("resourceId").asText()).isEqualTo("lab-app");
        assertThat(admin.get("level").asText()).isEqualTo("admin");
        assertThat(admin.get("target").asText()).isEqualTo("lab");
        assertThat(admin.get("ownerId").asText()).isEqualTo("E1040");
        assertThat(admin.get("sensitivity").asText()).isEqualTo("HIGH");
        assertThat(admin.get("privileged").asBoolean()).isTrue();
        assertThat(admin.get("inCatalog").asBoolean()).isTrue();
        assertThat(admin.get("policyVersion").asText()).isEqualTo("2");
        JsonNode legacy = aggregation.records().get(3);
        assertThat(legacy.get("inCatalog").asBoolean()).isFalse();
        assertThat(legacy.get("resourceName").isNull()).isTrue();
        JsonNode wiki = aggregation.records().get(4);
        assertThat(wiki.get("inCatalog").asBoolean()).isFalse();
        assertThat(wiki.get("policyVersion").asText()).isEqualTo("1");
    }

    @Test
    void getObjectAnswersOneAccountByItsNativeIdentityAndNotFoundForAnUnknownOne() throws Exception {
        HttpResponse<String> found = get("/api/v1/integrations/sailpoint/accounts/E7102", ISC);
        assertThat(found.statusCode()).isEqualTo(200);
        JsonNode account = JSON.readTree(found.body());
        assertThat(account.get("id").asText()).isEqualTo("E7102");
        assertThat(texts(account.get("entitlements"))).containsExactly("lab-app:read", "legacy:read");

        HttpResponse<String> unknown = get("/api/v1/integrations/sailpoint/accounts/E9999", ISC);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("content-type")).hasValue("application/problem+json");
    }

    @Test
    void testConnectionAnswersTheCallerAndWhatThereIsToAggregate() throws Exception {
        HttpResponse<String> answer = get("/api/v1/integrations/sailpoint/test-connection", ISC);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("caller").asText()).isEqualTo("svc-sailpoint");
        assertThat(body.get("accounts").asInt()).isEqualTo(5);
        assertThat(body.get("entitlements").asInt()).isEqualTo(5);
    }

    @Test
    void onlyAnAuthenticatedAuditorMayAggregate() throws Exception {
        for (String path : List.of("/api/v1/integrations/sailpoint/test-connection",
                "/api/v1/integrations/sailpoint/accounts", "/api/v1/integrations/sailpoint/accounts/E7101",
                "/api/v1/integrations/sailpoint/entitlements")) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            HttpResponse<String> iam = get(path, DevTokens.mint("E1040", "IAM"));
            assertThat(iam.statusCode()).as(path).isEqualTo(403);
            assertThat(iam.headers().firstValue("content-type")).hasValue("application/problem+json");
            HttpResponse<String> employee = get(path, DevTokens.mint("E7101"));
            assertThat(employee.statusCode()).as(path).isEqualTo(403);
        }
    }

    @Test
    void badPagingParametersAreAProblemNotAPage() throws Exception {
        Map<String, String> cases = Map.of(
                "offset=-1", "offset",
                "limit=0", "limit",
                "limit=501", "limit",
                "limit=ten", "limit",
                "offset=1.5", "offset");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            for (String path : List.of("/api/v1/integrations/sailpoint/accounts",
                    "/api/v1/integrations/sailpoint/entitlements")) {
                HttpResponse<String> answer = get(path + "?" + bad.getKey(), ISC);
                assertThat(answer.statusCode()).as(bad.getKey()).isEqualTo(400);
                assertThat(answer.headers().firstValue("content-type")).hasValue("application/problem+json");
                JsonNode problem = JSON.readTree(answer.body());
                assertThat(problem.get("type").asText()).isEqualTo("urn:accessledger:problem:invalid-input");
                assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo(bad.getValue());
            }
        }
    }

    @Test
    void aFullLastPageEndsTheAggregationWithoutAnEmptyExtraRequest() throws Exception {
        Aggregation accounts = aggregate("/api/v1/integrations/sailpoint/accounts", "accounts", 5);
        assertThat(accounts.requests()).containsExactly("/api/v1/integrations/sailpoint/accounts?limit=5&offset=0");
        assertThat(accounts.records()).hasSize(5);
        Aggregation entitlements = aggregate("/api/v1/integrations/sailpoint/entitlements", "entitlements", 5);
        assertThat(entitlements.requests()).hasSize(1);
    }

    @Test
    void aPageBeyondTheEndIsEmptyAndHasNoNextPage() throws Exception {
        JsonNode page = JSON.readTree(get("/api/v1/integrations/sailpoint/accounts?offset=50&limit=10", ISC).body());
        assertThat(page.get("total").asInt()).isEqualTo(5);
        assertThat(page.get("accounts")).isEmpty();
        assertThat(page.get("nextOffset").isNull()).isTrue();
    }

    /** The records and the requests of one aggregation, made as the documented paging steps make them. */
    record Aggregation(List<String> requests, List<JsonNode> records) {
    }

    /**
     * The documented configuration: the operation's first URL is {@code <path>?limit=<n>&offset=0}, the root path
     * {@code $.<rootArray>[*]}; paging steps {@code TERMINATE_IF $response.nextOffset$ == NULL} then
     * {@code $endpoint.fullUrl$ = $application.baseUrl$ + "<path>?limit=<n>&offset=" + $response.nextOffset$}.
     */
    private static Aggregation aggregate(String path, String rootArray, int limit) throws Exception {
        List<String> requests = new ArrayList<>();
        List<JsonNode> records = new ArrayList<>();
        String url = path + "?limit=" + limit + "&offset=0";
        while (true) {
            requests.add(url);
            HttpResponse<String> answer = get(url, ISC);
            assertThat(answer.statusCode()).as(url).isEqualTo(200);
            JsonNode response = JSON.readTree(answer.body());
            response.get(rootArray).forEach(records::add);
            assertThat(requests).as("pages requested").hasSizeLessThan(20);
            if (response.get("nextOffset").isNull()) {
                assertThat(response.get("total").asInt()).isEqualTo(records.size());
                return new Aggregation(requests, records);
            }
            url = path + "?limit=" + limit + "&offset=" + response.get("nextOffset").asText();
        }
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String status(GrantId grant) {
        List<String> rows = service.jdbc().queryForList("select status from grant_view where grant_id = ?",
                String.class, grant.value());
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static PolicyDocument.Resource labApp() {
        return new PolicyDocument.Resource("lab-app", "Lab app", "lab", "E1040", Sensitivity.HIGH, List.of(),
                List.of(new PolicyDocument.Level("read", false), new PolicyDocument.Level("admin", true)),
                Duration.ofDays(90));
    }

    private static PolicyDocument.Resource wiki() {
        return new PolicyDocument.Resource("wiki", "Wiki", "lab", "E1041", Sensitivity.LOW, List.of(),
                List.of(new PolicyDocument.Level("read", false)), null);
    }

    private static PolicyDocument.Resource crm() {
        return new PolicyDocument.Resource("crm", "CRM", "lab", "E1042", Sensitivity.MEDIUM, List.of(),
                List.of(new PolicyDocument.Level("view", false)), null);
    }

    private static void publishPolicy(String version, Instant at, List<PolicyDocument.Resource> resources) {
        String document;
        try {
            document = EventJson.mapper().writeValueAsString(new PolicyDocument(version, resources, List.of(),
                    List.of(), Map.of(), Map.of(), null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        service.publish(new PolicyPublished(EventId.of(UUID.randomUUID().toString()), version,
                EmployeeId.of("E1050"), List.of("catalog"), document, at), "policy-service");
    }

    private static GrantId approve(String employee, String requestId, String entitlement) {
        RequestId request = RequestId.of(requestId);
        Entitlement granted = Entitlement.parse(entitlement);
        service.publish(new AccessApproved(EventId.of(UUID.randomUUID().toString()), request, EmployeeId.of(employee),
                granted, new ResourceSnapshot(granted.resourceId(), null, "lab", EmployeeId.of("E1040"),
                        Sensitivity.LOW, List.of(), false),
                new Conditions(Duration.ofDays(30), null, null), List.of("policy"), "2", Duration.ofDays(90),
                Instant.parse("2026-11-02T09:00:00Z")), "approval-service");
        return Ids.grantFor(request);
    }
}
