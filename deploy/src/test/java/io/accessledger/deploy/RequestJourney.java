package io.accessledger.deploy;

import static io.accessledger.deploy.Suite.Service.APPROVAL;
import static io.accessledger.deploy.Suite.Service.PROVISIONING;
import static io.accessledger.deploy.Suite.Service.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

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
    /** How often a wait looks again: often, since every scenario waits on several hops. */
    static final Duration POLL = Duration.ofMillis(100);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fresh employee ids: E9001, E9002, ... (the demo directory stops at E1059). */
    private static final AtomicInteger NEXT_EMPLOYEE = new AtomicInteger(9000);

    /** Someone in the directory, as the system tests act for them, with the record they were imported with. */
    record Person(String id, String token, String email, ObjectNode directoryRecord) {
    }

    private final Suite suite;

    RequestJourney(Suite suite) {
        this.suite = suite;
    }

    /** The demo directory's record of one employee. */
    static ObjectNode demoEmployee(String employeeId) {
        try {
            for (JsonNode person : JSON.readTree(demoDirectory())) {
                if (person.path("employeeId").asText().equals(employeeId)) {
                    return (ObjectNode) person.deepCopy();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no " + employeeId + " in the demo directory");
    }

    /** An employee id nobody in the suite has yet. */
    static String freshEmployeeId() {
        return "E" + NEXT_EMPLOYEE.incrementAndGet();
    }

    /** A new id, name and mail address for a copy of a demo employee: one scenario's own person. */
    static ObjectNode freshCopyOf(String demoEmployeeId) {
        ObjectNode person = demoEmployee(demoEmployeeId);
        String id = freshEmployeeId();
        String[] mail = person.path("email").asText().split("@");
        person.put("employeeId", id).put("name", person.path("name").asText() + " " + id)
                .put("email", mail[0] + "." + id.toLowerCase() + "@" + mail[1]);
        return person;
    }

    /**
     * Imports a copy of a demo employee (same department, job title, manager, training) under a new id: a person
     * nobody else in the suite has touched, so a scenario sees only its own requests, tasks and grants.
     */
    Person colleagueLike(String demoEmployeeId) {
        ObjectNode person = freshCopyOf(demoEmployeeId);
        Api.Response imported = Api.post(suite.url(REQUEST) + "/api/v1/directory/import", ADMIN,
                JSON.createArrayNode().add(person).toString());
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.body().path("changed").asInt()).isEqualTo(1);
        String id = person.path("employeeId").asText();
        String token = Api.token(id);
        // Ready once intake knows them (the directory view is projected from the topic).
        await().atMost(PATIENCE).pollInterval(POLL).until(() -> Api.post(suite.url(REQUEST)
                + "/api/v1/access-requests/prefill", token, Map.of()).status() == 200);
        return new Person(id, token, person.path("email").asText(), person);
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
        return submit(token, body, Map.of());
    }

    /** Submits with extra HTTP headers (a {@code traceparent}, an {@code X-Request-Id}). */
    String submit(String token, Map<String, Object> body, Map<String, String> headers) {
        String key = UUID.randomUUID().toString();
        Api.Response accepted = await().atMost(PATIENCE).pollInterval(POLL)
                .until(() -> Api.post(suite.url(REQUEST) + "/api/v1/access-requests", token, body, key, headers),
                        response -> response.status() == 202);
        return accepted.body().path("requestId").asText();
    }

    JsonNode openTaskFor(String token, String requestId) {
        return await().atMost(PATIENCE).pollInterval(POLL).until(() -> {
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
        return await().atMost(PATIENCE).pollInterval(POLL).until(() -> {
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
        return await().atMost(PATIENCE).pollInterval(POLL)
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

    /**
     * The happy path of issue 2 for an engineer reporting to {@link #MANAGER_ID}: github write, approved by the
     * manager, fulfilled by hand; {@code aroundDecision} runs the manager's decision (and may disturb the suite).
     */
    JsonNode walkToProvisioned(Person engineer, java.util.function.Consumer<Runnable> aroundDecision) {
        String requestId = submit(engineer.token(), Map.of("resourceId", "github", "accessLevel", "write",
                "justification", "Joining the payments team; need to push to the ledger repositories."));
        JsonNode task = openTaskFor(MANAGER, requestId);
        assertThat(task.path("stage").asText()).isEqualTo("MANAGER");
        assertThat(task.path("assigneeId").asText()).isEqualTo(MANAGER_ID);

        aroundDecision.accept(() -> assertThat(decide(MANAGER, task.path("taskId").asText(), Map.of(
                "outcome", "APPROVE", "reason", "Fits the role")).status()).isEqualTo(200));

        JsonNode fulfilment = fulfilmentTaskFor(requestId);
        assertThat(completeFulfilment(fulfilment.path("taskId").asText(), "CHG0042").status()).isEqualTo(200);
        requestOnceStatus(engineer.token(), requestId, "PROVISIONED");
        return await().atMost(PATIENCE).until(() -> Api.get(suite.url(REQUEST) + "/api/v1/access-requests/"
                + requestId, engineer.token()).body(), view -> timelineTypes(view).contains("ReviewScheduled"));
    }
}
