package io.accessledger.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.events.provisioning.ProvisioningRetried;
import io.accessledger.web.DevTokens;
import io.accessledger.web.hostile.Matrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * provisioning-service's authorization matrix (issue #14 point 3; docs/SECURITY.md V8.2.1, V8.2.2): every endpoint ×
 * every caller by role and by relationship to one person's grants, over HTTP on the running service (real KRaft
 * broker, real PostgreSQL). E8100 holds three grants: two on the manual target {@code paper}, whose resource owner
 * E8200 is the fulfilment tasks' assignee (queue IAM), and one on {@code down}, a SCIM target nobody answers, which
 * has FAILED. The overseeing roles are held by an outsider (E8900), so only the role can let them in.
 */
class ProvisioningAuthorizationMatrixServiceTest {
    private static final String HOLDER = "E8100";
    private static final String OWNER = "E8200";
    private static final String OUTSIDER = "E8900";
    private static final Map<String, String> CALLERS = callers();
    private static ServiceFixture service;

    private static Map<String, String> callers() {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("holder", DevTokens.mint(HOLDER));
        callers.put("resource owner (the tasks' assignee)", DevTokens.mint(OWNER));
        callers.put("outsider", DevTokens.mint(OUTSIDER));
        for (String role : List.of("IAM", "SECURITY", "COMPLIANCE", "AUDITOR", "ADMIN")) {
            callers.put(role, DevTokens.mint(OUTSIDER, role));
        }
        callers.put("holder with IAM", DevTokens.mint(HOLDER, "IAM"));
        callers.put("no token", null);
        return callers;
    }

    @BeforeAll
    static void startService() {
        service = ServiceFixture.start("provisioning_matrix", List.of(),
                "--accessledger.notifications.enabled=false",
                "--accessledger.provisioning.targets.paper.type=manual",
                "--accessledger.provisioning.targets.down.type=scim",
                "--accessledger.provisioning.targets.down.baseUrl=http://127.0.0.1:9/scim/v2",
                "--accessledger.provisioning.targets.down.token=matrix-token",
                "--accessledger.provisioning.targets.down.groups[0].entitlement=down-app:read",
                "--accessledger.provisioning.targets.down.groups[0].group=Down app readers",
                "--accessledger.provisioning.retry.max-attempts=1",
                "--accessledger.provisioning.worker.poll-every=PT0.1S");
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    /**
     * Endpoint × caller → status (docs/SECURITY.md "Reads", CONTRACT.md): grants are listed to their holder and the
     * overseeing roles; a fulfilment task is completed by its assignee or its queue (IAM), never by the holder; a
     * failed grant is sent back by IAM or ADMIN, never by its holder; reconciliations are started by IAM or
     * COMPLIANCE and read by those and AUDITOR; SailPoint's endpoints are AUDITOR's only; the operations endpoints
     * ADMIN's only. The rows that change a grant leave their allowed callers out (null) and try them after the table.
     */
    @Test
    void theAuthorizationMatrixOfEveryCallerToOnePersonsGrantsHolds() throws Exception {
        for (String person : List.of(HOLDER, OWNER, OUTSIDER)) {
            service.hire(person, "Person " + person, person.toLowerCase() + "@example.com", null);
        }
        GrantId byOwner = service.approve(HOLDER, "R-matrix-1", "paper-app:read", "paper", OWNER);
        GrantId byIam = service.approve(HOLDER, "R-matrix-2", "paper-wiki:read", "paper", OWNER);
        GrantId failed = service.approve(HOLDER, "R-matrix-3", "down-app:read", "down", OWNER);
        String ownersTask = openTask(byOwner);
        String iamsTask = openTask(byIam);
        await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(status(failed)));

        Map<String, Map<String, Integer>> expected = new LinkedHashMap<>();
        expected.put("GET /api/v1/fulfilment-tasks", statuses(200, 200, 200, 200, 200, 200, 200, 200, 200, 401));
        expected.put("POST /api/v1/fulfilment-tasks/" + ownersTask + "/completion",
                statuses(403, null, 403, null, 403, 403, 403, 403, 403, 401));
        String unknownTask = "FT-" + java.util.UUID.randomUUID();
        expected.put("POST /api/v1/fulfilment-tasks/" + unknownTask + "/completion",
                statuses(403, 403, 403, 403, 403, 403, 403, 403, 403, 401));
        expected.put("POST /api/v1/grants/" + failed.value() + "/retry",
                statuses(403, 403, 403, null, 403, 403, 403, null, 403, 401));
        expected.put("GET /api/v1/grants?employeeId=" + HOLDER,
                statuses(200, 403, 403, 200, 200, 200, 200, 200, 200, 401));
        expected.put("POST /api/v1/reconciliations", statuses(403, 403, 403, 404, 403, 404, 403, 403, 404, 401));
        expected.put("GET /api/v1/reconciliations", statuses(403, 403, 403, 200, 403, 200, 200, 403, 200, 401));
        expected.put("GET /api/v1/reconciliations/RC-00000000",
                statuses(403, 403, 403, 404, 403, 404, 404, 403, 404, 401));
        for (String sailPoint : List.of("test-connection", "accounts", "accounts/" + HOLDER, "entitlements")) {
            expected.put("GET /api/v1/integrations/sailpoint/" + sailPoint,
                    statuses(403, 403, 403, 403, 403, 403, 200, 403, 403, 401));
        }
        expected.put("GET /api/v1/admin/parked", statuses(403, 403, 403, 403, 403, 403, 403, 200, 403, 401));
        expected.put("GET /api/v1/admin/read-models/rebuilds",
                statuses(403, 403, 403, 403, 403, 403, 403, 200, 403, 401));
        Map<String, String> bodies = Map.of(
                "POST /api/v1/fulfilment-tasks/" + ownersTask + "/completion", "{\"reference\":\"CHG0042\"}",
                "POST /api/v1/fulfilment-tasks/" + unknownTask + "/completion", "{\"reference\":\"CHG0044\"}",
                "POST /api/v1/grants/" + failed.value() + "/retry", "{\"reason\":\"The target is back\"}",
                "POST /api/v1/reconciliations", "{\"target\":\"no-such-target\"}");

        assertThat(Matrix.wrongAnswers(expected, bodies, (method, path, caller, body) -> send(method, path,
                CALLERS.get(caller), body))).isEmpty();

        assertThat(whoSees(ownersTask)).containsExactly("resource owner (the tasks' assignee)", "IAM",
                "holder with IAM");
        assertThat(events(byOwner, AccessProvisioned.class)).as("no refused completion provisioned").isEmpty();
        assertThat(events(failed, ProvisioningRetried.class)).as("no refused retry sent the grant back").isEmpty();

        assertThat(send("POST", "/api/v1/fulfilment-tasks/" + ownersTask + "/completion",
                CALLERS.get("resource owner (the tasks' assignee)"), "{\"reference\":\"CHG0042\"}").statusCode())
                .as("the assignee completes the task").isEqualTo(200);
        assertThat(send("POST", "/api/v1/fulfilment-tasks/" + iamsTask + "/completion", CALLERS.get("IAM"),
                "{\"reference\":\"CHG0043\"}").statusCode()).as("the IAM queue completes the task").isEqualTo(200);
        HttpResponse<String> again = send("POST", "/api/v1/fulfilment-tasks/" + ownersTask + "/completion",
                CALLERS.get("resource owner (the tasks' assignee)"), "{\"reference\":\"CHG0042\"}");
        assertThat(again.statusCode()).as("a completed task is not completed again").isEqualTo(409);
        assertThat(again.body()).contains("urn:accessledger:problem:task-not-open");
        HttpResponse<String> probed = send("POST", "/api/v1/fulfilment-tasks/" + ownersTask + "/completion",
                CALLERS.get("SECURITY"), "{\"reference\":\"CHG0042\"}");
        HttpResponse<String> unknown = send("POST", "/api/v1/fulfilment-tasks/" + unknownTask + "/completion",
                CALLERS.get("SECURITY"), "{\"reference\":\"CHG0042\"}");
        assertThat(probed.statusCode()).as("anyone else is not told that it was completed").isEqualTo(403);
        assertThat(unknown.body()).as("an unknown task and someone else's read alike but for the path")
                .isEqualTo(probed.body().replace(ownersTask, unknownTask));
        await().atMost(Duration.ofSeconds(60)).until(() -> events(byOwner, AccessProvisioned.class).size() == 1
                && events(byIam, AccessProvisioned.class).size() == 1);
        assertThat(events(byOwner, AccessProvisioned.class)).singleElement()
                .satisfies(provisioned -> assertThat(provisioned.provisionedBy().value()).isEqualTo(OWNER));
        assertThat(events(byIam, AccessProvisioned.class)).singleElement()
                .satisfies(provisioned -> assertThat(provisioned.provisionedBy().value()).isEqualTo(OUTSIDER));

        assertThat(send("POST", "/api/v1/grants/" + failed.value() + "/retry", CALLERS.get("IAM"),
                "{\"reason\":\"The target is back\"}").statusCode()).as("IAM sends the failed grant back")
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> events(failed, ProvisioningFailed.class).size() == 2);
        assertThat(send("POST", "/api/v1/grants/" + failed.value() + "/retry", CALLERS.get("ADMIN"),
                "{\"reason\":\"The target is back\"}").statusCode()).as("ADMIN sends the failed grant back")
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> events(failed, ProvisioningRetried.class).size() == 2);
    }

    /** Statuses in the order of {@link #CALLERS}; null leaves a caller out (tried after the table). */
    private static Map<String, Integer> statuses(Integer... byCaller) {
        return Matrix.statuses(CALLERS.keySet(), byCaller);
    }

    /** The callers whose {@code GET /api/v1/fulfilment-tasks} lists the task. */
    private static List<String> whoSees(String taskId) {
        List<String> seeing = new ArrayList<>();
        CALLERS.forEach((caller, token) -> {
            if (token != null && send("GET", "/api/v1/fulfilment-tasks", token, null).body().contains(taskId)) {
                seeing.add(caller);
            }
        });
        return seeing;
    }

    private static String openTask(GrantId grant) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !service.jdbc().queryForList(
                "select task_id from fulfilment_task where grant_id = ? and status = 'OPEN'", String.class,
                grant.value()).isEmpty());
        return service.jdbc().queryForObject(
                "select task_id from fulfilment_task where grant_id = ? and status = 'OPEN'", String.class,
                grant.value());
    }

    private static String status(GrantId grant) {
        List<String> rows = service.jdbc().queryForList("select status from grant_view where grant_id = ?",
                String.class, grant.value());
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static <T extends DomainEvent> List<T> events(GrantId grant, Class<T> type) {
        return service.published(grant.value(), type);
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
