package io.accessledger.deploy;

import static io.accessledger.deploy.Suite.Service.APPROVAL;
import static io.accessledger.deploy.Suite.Service.PROVISIONING;
import static io.accessledger.deploy.Suite.Service.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The steps of one access request walked through the suite over HTTP, as the people involved would. */
final class RequestJourney {
    static final String ADMIN = Api.token("E1041", "ADMIN");
    /** A software engineer in Engineering, reporting to the engineering manager E1031. */
    static final String ENGINEER_ID = "E1030";
    static final String ENGINEER = Api.token(ENGINEER_ID);
    static final String MANAGER_ID = "E1031";
    static final String MANAGER = Api.token(MANAGER_ID);
    static final String IAM_ID = "E1040";
    static final String IAM = Api.token(IAM_ID, "IAM");
    static final Duration PATIENCE = Duration.ofSeconds(90);

    private final Suite suite;

    RequestJourney(Suite suite) {
        this.suite = suite;
    }

    static String demoDirectory() {
        try {
            return Files.readString(Path.of("demo/directory.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Api.Response importDirectory() {
        return Api.post(suite.url(REQUEST) + "/api/v1/directory/import", ADMIN, demoDirectory());
    }

    /** Submits (retrying with the same Idempotency-Key until the directory and policy have reached intake). */
    String submit(String token, Map<String, Object> body) {
        String key = UUID.randomUUID().toString();
        Api.Response accepted = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> Api.post(suite.url(REQUEST) + "/api/v1/access-requests", token, body, key),
                        response -> response.status() == 202);
        return accepted.body().path("requestId").asText();
    }

    JsonNode openTaskFor(String token, String requestId) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
            Api.Response tasks = Api.get(suite.url(APPROVAL) + "/api/v1/approvals/tasks?status=OPEN", token);
            for (JsonNode task : tasks.body()) {
                if (task.path("requestId").asText().equals(requestId)) {
                    return task;
                }
            }
            return null;
        }, task -> task != null);
    }

    Api.Response decide(String token, String taskId, Map<String, Object> decision) {
        return Api.post(suite.url(APPROVAL) + "/api/v1/approvals/tasks/" + taskId + "/decision", token, decision);
    }

    JsonNode fulfilmentTaskFor(String requestId) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
            Api.Response tasks = Api.get(suite.url(PROVISIONING) + "/api/v1/fulfilment-tasks?status=OPEN", IAM);
            for (JsonNode task : tasks.body()) {
                if (task.path("requestId").asText().equals(requestId)) {
                    return task;
                }
            }
            return null;
        }, task -> task != null);
    }

    Api.Response completeFulfilment(String taskId, String reference) {
        return Api.post(suite.url(PROVISIONING) + "/api/v1/fulfilment-tasks/" + taskId + "/completion", IAM,
                Map.of("reference", reference, "note", "Added to the group by hand"));
    }

    JsonNode requestOnceStatus(String token, String requestId, String status) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> Api.get(suite.url(REQUEST) + "/api/v1/access-requests/" + requestId, token).body(),
                        view -> status.equals(view.path("status").asText()));
    }

    static List<String> timelineTypes(JsonNode request) {
        List<String> types = new ArrayList<>();
        request.path("timeline").forEach(entry -> types.add(entry.path("type").asText()));
        return types;
    }

    static JsonNode entry(JsonNode request, String type) {
        for (JsonNode entry : request.path("timeline")) {
            if (entry.path("type").asText().equals(type)) {
                return entry;
            }
        }
        throw new AssertionError("no " + type + " on the timeline: " + timelineTypes(request));
    }

    /** The happy path of issue 2; {@code aroundDecision} runs the manager's decision (and may disturb the suite). */
    JsonNode walkToProvisioned(java.util.function.Consumer<Runnable> aroundDecision) {
        Api.Response imported = importDirectory();
        assertThat(imported.status()).isEqualTo(200);
        String requestId = submit(ENGINEER, Map.of("resourceId", "github", "accessLevel", "write",
                "justification", "Joining the payments team; need to push to the ledger repositories."));
        JsonNode task = openTaskFor(MANAGER, requestId);
        assertThat(task.path("stage").asText()).isEqualTo("MANAGER");
        assertThat(task.path("assigneeId").asText()).isEqualTo(MANAGER_ID);

        aroundDecision.accept(() -> assertThat(decide(MANAGER, task.path("taskId").asText(), Map.of(
                "outcome", "APPROVE", "reason", "Fits the role")).status()).isEqualTo(200));

        JsonNode fulfilment = fulfilmentTaskFor(requestId);
        assertThat(completeFulfilment(fulfilment.path("taskId").asText(), "CHG0042").status()).isEqualTo(200);
        JsonNode request = requestOnceStatus(ENGINEER, requestId, "PROVISIONED");
        await().atMost(PATIENCE).until(() -> timelineTypes(Api.get(suite.url(REQUEST) + "/api/v1/access-requests/"
                + requestId, ENGINEER).body()).contains("ReviewScheduled"));
        return Api.get(suite.url(REQUEST) + "/api/v1/access-requests/" + requestId, ENGINEER).body();
    }
}
