package io.accessledger.provisioning.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.provisioning.ServiceFixture;
import io.accessledger.web.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the reconciliation service tests ask of the running service: provision a grant, start a run, read an endpoint,
 * await events.
 */
final class ReconciliationCalls {
    private ReconciliationCalls() {
    }

    static HttpResponse<String> startRun(ServiceFixture service, String target, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/api/v1/reconciliations")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"" + target + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET as E1040 in that role. */
    static HttpResponse<String> get(ServiceFixture service, String path, String role) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .header("Authorization", "Bearer " + DevTokens.mint("E1040", role)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST without a body as E1040 in that role. */
    static HttpResponse<String> post(ServiceFixture service, String path, String role) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .header("Authorization", "Bearer " + DevTokens.mint("E1040", role))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The events of that type and key on the service's topic, once there is one. */
    static <T extends DomainEvent> List<T> awaitEvents(ServiceFixture service, String key, Class<T> type) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !service.published(key, type).isEmpty());
        return service.published(key, type);
    }

    /** A person with an e-mail, approved for {@code <resourceId>:read} on the target, provisioned and ACTIVE. */
    static GrantId provision(ServiceFixture service, String employee, String email, String requestId,
            String resourceId, String target) {
        service.hire(employee, "Person " + employee, email, null);
        RequestId request = RequestId.of(requestId);
        service.publish(new AccessApproved(EventId.of(UUID.randomUUID().toString()), request, EmployeeId.of(employee),
                Entitlement.parse(resourceId + ":read"), new ResourceSnapshot(resourceId, resourceId, target,
                        EmployeeId.of("E1040"), Sensitivity.LOW, List.of(), false),
                new Conditions(Duration.ofDays(30), null, null), List.of("policy"), "1", Duration.ofDays(90),
                Instant.now()), "approval-service");
        GrantId grant = Ids.grantFor(request);
        awaitEvents(service, grant.value(), AccessProvisioned.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.jdbc().queryForObject(
                "select count(*) from grant_view where status = 'ACTIVE' and grant_id = ?", Integer.class,
                grant.value()) == 1);
        return grant;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }
}
