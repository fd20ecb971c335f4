package io.accessledger.approval.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.approval.ApprovalServiceApplication;
import io.accessledger.approval.directory.DirectoryView;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.ManagerApproved;
import io.accessledger.events.approval.StageApproved;
import io.accessledger.events.approval.TaskDelegated;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Stage;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.web.DevTokens;
import io.accessledger.web.hostile.Matrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * approval-service's authorization matrix (issue #14 point 3; docs/SECURITY.md V8.2.1, V8.2.2): every endpoint ×
 * every caller by role and by relationship to four approval tasks, over HTTP on the running service (real KRaft
 * broker, real PostgreSQL). A's request was made by E4100 for E4110 (the beneficiary) and is the beneficiary's
 * manager E4200's task, delegated to E4500; B is the resource owner E4400's; G is the SECURITY queue's; D was the
 * manager's and is decided. The roles are held by an outsider (E4900), so only the role can let them in. Hostile
 * tokens (expired, wrong issuer, wrong signature, {@code alg: none}) are refused with 401 on every one of these
 * endpoints by {@code ApprovalServiceEdgeTest}; here the column without a token stands for them.
 */
class ApprovalAuthorizationMatrixServiceTest {
    private static final EmployeeId REQUESTER = EmployeeId.of("E4100");
    private static final EmployeeId BENEFICIARY = EmployeeId.of("E4110");
    private static final EmployeeId MANAGER = EmployeeId.of("E4200");
    private static final EmployeeId SENIOR = EmployeeId.of("E4300");
    private static final EmployeeId OWNER = EmployeeId.of("E4400");
    private static final EmployeeId DELEGATE = EmployeeId.of("E4500");
    private static final EmployeeId OUTSIDER = EmployeeId.of("E4900");
    private static final String APPROVE = "{\"outcome\":\"APPROVE\",\"reason\":\"Needed for the quarter\"}";
    private static final Map<String, String> CALLERS = callers();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningService service;

    private static Map<String, String> callers() {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("requester", DevTokens.mint(REQUESTER.value()));
        callers.put("beneficiary", DevTokens.mint(BENEFICIARY.value()));
        callers.put("beneficiary's manager (A's and D's assignee)", DevTokens.mint(MANAGER.value()));
        callers.put("manager's manager", DevTokens.mint(SENIOR.value()));
        callers.put("resource owner (B's assignee)", DevTokens.mint(OWNER.value()));
        callers.put("delegate (of A)", DevTokens.mint(DELEGATE.value()));
        callers.put("beneficiary in G's queue (SECURITY)", DevTokens.mint(BENEFICIARY.value(), "SECURITY"));
        callers.put("outsider", DevTokens.mint(OUTSIDER.value()));
        for (String role : List.of("IAM", "SECURITY", "COMPLIANCE", "AUDITOR", "ADMIN")) {
            callers.put(role.equals("SECURITY") ? "SECURITY (G's queue member)" : role,
                    DevTokens.mint(OUTSIDER.value(), role));
        }
        callers.put("no token", null);
        return callers;
    }

    @BeforeAll
    static void startService() {
        service = RunningService.start(ApprovalServiceApplication.application(), "approval_matrix",
                InboxFixture.NO_SCHEDULED_WATCH);
        InboxFixture.hire(service, SENIOR, null);
        InboxFixture.hire(service, MANAGER, SENIOR);
        InboxFixture.hire(service, BENEFICIARY, MANAGER);
        for (EmployeeId other : List.of(REQUESTER, OWNER, DELEGATE, OUTSIDER)) {
            InboxFixture.hire(service, other, SENIOR);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(DirectoryView.class)
                .managerChain(BENEFICIARY).equals(List.of(MANAGER, SENIOR)));
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    /**
     * Endpoint × caller → status (docs/SECURITY.md, CONTRACT.md): everyone signed in lists their own inbox; a task is
     * decided or handed on only by its assignee, their delegate or a member of its queue, never by the requester or
     * the beneficiary (queue member or not); anyone else — and anyone naming a task id that does not exist — gets the
     * same 403, whatever the task's state, so that nobody learns which tasks exist or were decided; only who held a
     * decided task is told that it is not open (409); an absence is each person's own; the operations endpoints are
     * ADMIN's only. The rows that change a task leave their allowed callers out (null) and try them after the table.
     */
    @Test
    void theAuthorizationMatrixOfEveryCallerToFourApprovalTasksHolds() {
        RequestId a = submit("R-amx-a", null, Stage.MANAGER);
        RequestId b = submit("R-amx-b", OWNER, Stage.RESOURCE_OWNER);
        RequestId g = submit("R-amx-g", null, Stage.SECURITY);
        RequestId d = submit("R-amx-d", null, Stage.MANAGER);
        String taskA = taskOf("beneficiary's manager (A's and D's assignee)", a);
        String taskB = taskOf("resource owner (B's assignee)", b);
        String taskG = taskOf("SECURITY (G's queue member)", g);
        String taskD = taskOf("beneficiary's manager (A's and D's assignee)", d);
        assertThat(call("POST", "/api/v1/approvals/tasks/" + taskA + "/delegation",
                "beneficiary's manager (A's and D's assignee)",
                "{\"delegateId\":\"" + DELEGATE.value() + "\",\"reason\":\"On leave\"}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> whoSees(taskA).contains("delegate (of A)"));
        assertThat(call("POST", "/api/v1/approvals/tasks/" + taskD + "/decision",
                "beneficiary's manager (A's and D's assignee)", APPROVE).statusCode()).isEqualTo(200);
        assertThat(call("PUT", "/api/v1/approvals/out-of-office", "beneficiary's manager (A's and D's assignee)",
                "{\"coverId\":\"" + SENIOR.value() + "\",\"until\":\"" + Instant.now().plus(Duration.ofDays(7))
                        + "\",\"reason\":\"Holiday\"}").statusCode()).isEqualTo(200);
        String unknown = "T-" + UUID.randomUUID();

        Map<String, Map<String, Integer>> expected = new LinkedHashMap<>();
        expected.put("GET /api/v1/approvals/tasks",
                statuses(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401));
        expected.put("POST /api/v1/approvals/tasks/" + taskA + "/decision",
                statuses(403, 403, null, 403, 403, null, 403, 403, 403, 403, 403, 403, 403, 401));
        expected.put("POST /api/v1/approvals/tasks/" + taskA + "/delegation",
                statuses(403, 403, null, 403, 403, null, 403, 403, 403, 403, 403, 403, 403, 401));
        expected.put("POST /api/v1/approvals/tasks/" + taskB + "/decision",
                statuses(403, 403, 403, 403, null, 403, 403, 403, 403, 403, 403, 403, 403, 401));
        expected.put("POST /api/v1/approvals/tasks/" + taskG + "/decision",
                statuses(403, 403, 403, 403, 403, 403, 403, 403, 403, null, 403, 403, 403, 401));
        expected.put("POST /api/v1/approvals/tasks/" + taskD + "/decision",
                statuses(403, 403, 409, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401));
        expected.put("POST /api/v1/approvals/tasks/" + taskD + "/delegation",
                statuses(403, 403, 409, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401));
        expected.put("POST /api/v1/approvals/tasks/" + unknown + "/decision",
                statuses(403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401));
        expected.put("POST /api/v1/approvals/tasks/" + unknown + "/delegation",
                statuses(403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401));
        expected.put("GET /api/v1/approvals/out-of-office",
                statuses(404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 401));
        expected.put("DELETE /api/v1/approvals/out-of-office",
                statuses(404, 404, null, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 401));
        expected.put("PUT /api/v1/approvals/out-of-office",
                statuses(null, null, null, null, null, null, null, null, null, null, null, null, null, 401));
        expected.put("GET /api/v1/admin/parked",
                statuses(403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401));
        expected.put("GET /api/v1/admin/read-models/rebuilds",
                statuses(403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401));
        String delegation = "{\"delegateId\":\"" + SENIOR.value() + "\",\"reason\":\"Away\"}";
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String task : List.of(taskA, taskB, taskG, taskD, unknown)) {
            bodies.put("POST /api/v1/approvals/tasks/" + task + "/decision", APPROVE);
            bodies.put("POST /api/v1/approvals/tasks/" + task + "/delegation", delegation);
        }
        bodies.put("PUT /api/v1/approvals/out-of-office", "{\"coverId\":\"" + SENIOR.value() + "\",\"until\":\""
                + Instant.now().plus(Duration.ofDays(7)) + "\"}");

        assertThat(Matrix.wrongAnswers(expected, bodies, (method, path, caller, body) -> call(method, path, caller,
                body))).isEmpty();

        assertThat(whoSees(taskA)).containsExactly("beneficiary's manager (A's and D's assignee)", "delegate (of A)");
        assertThat(whoSees(taskB)).containsExactly("resource owner (B's assignee)");
        assertThat(whoSees(taskG)).as("a party in the queue does not see it").containsExactly(
                "SECURITY (G's queue member)");
        HttpResponse<String> others = call("POST", "/api/v1/approvals/tasks/" + taskG + "/decision", "outsider",
                APPROVE);
        HttpResponse<String> none = call("POST", "/api/v1/approvals/tasks/" + unknown + "/decision", "outsider",
                APPROVE);
        assertThat(none.body()).as("an unknown task and someone else's read alike but for the path")
                .isEqualTo(others.body().replace(taskG, unknown));
        assertThat(recorded(a, ManagerApproved.class) + recorded(b, StageApproved.class)
                + recorded(g, StageApproved.class)).as("no refused decision recorded").isZero();
        assertThat(recorded(a, TaskDelegated.class)).as("no refused delegation recorded").isEqualTo(1);
        assertThat(recorded(d, TaskDelegated.class)).isZero();

        assertThat(call("POST", "/api/v1/approvals/tasks/" + taskA + "/decision", "delegate (of A)", APPROVE)
                .statusCode()).as("the delegate decides A").isEqualTo(200);
        assertThat(call("POST", "/api/v1/approvals/tasks/" + taskA + "/decision",
                "beneficiary's manager (A's and D's assignee)", APPROVE).statusCode())
                .as("A's assignee is told it is decided").isEqualTo(409);
        assertThat(call("POST", "/api/v1/approvals/tasks/" + taskB + "/decision", "resource owner (B's assignee)",
                APPROVE).statusCode()).as("the resource owner decides B").isEqualTo(200);
        assertThat(call("POST", "/api/v1/approvals/tasks/" + taskG + "/decision", "SECURITY (G's queue member)",
                APPROVE).statusCode()).as("a member of the queue decides G").isEqualTo(200);
        for (RequestId request : List.of(a, b, g, d)) {
            assertThat(recorded(request, AccessApproved.class)).as(request.value()).isEqualTo(1);
        }
        assertThat(call("DELETE", "/api/v1/approvals/out-of-office", "beneficiary's manager (A's and D's assignee)",
                null).statusCode()).as("the manager ends their own absence").isEqualTo(204);
    }

    /** Statuses in the order of {@link #CALLERS}; null leaves a caller out (tried after the table). */
    private static Map<String, Integer> statuses(Integer... byCaller) {
        return Matrix.statuses(CALLERS.keySet(), byCaller);
    }

    /** A request by the requester for the beneficiary, and the policy's verdict: one stage, this resource owner. */
    private static RequestId submit(String id, EmployeeId owner, Stage stage) {
        return InboxFixture.submit(service, id, REQUESTER, BENEFICIARY, owner, "Month-end close for the finance team",
                List.of(), List.of(stage), Instant.now());
    }

    /** The open task of the request in this caller's inbox, once it is there. */
    private static String taskOf(String caller, RequestId request) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (var task : EventJson.mapper().readTree(call("GET", "/api/v1/approvals/tasks?status=OPEN", caller,
                    null).body())) {
                if (task.get("requestId").asText().equals(request.value())) {
                    return task.get("taskId").asText();
                }
            }
            return null;
        }, task -> task != null);
    }

    /** The callers whose open tasks list the task. */
    private static List<String> whoSees(String taskId) {
        List<String> seeing = new ArrayList<>();
        CALLERS.forEach((caller, token) -> {
            if (token != null && call("GET", "/api/v1/approvals/tasks?status=OPEN", caller, null).body()
                    .contains(taskId)) {
                seeing.add(caller);
            }
        });
        return seeing;
    }

    private static int recorded(RequestId request, Class<?> type) {
        return InboxFixture.recorded(service, request, type);
    }

    private static HttpResponse<String> call(String method, String path, String caller, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        String token = CALLERS.get(caller);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
