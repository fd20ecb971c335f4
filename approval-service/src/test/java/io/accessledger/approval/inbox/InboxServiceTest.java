package io.accessledger.approval.inbox;

import io.accessledger.spine.testing.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.approval.directory.DirectoryView;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessApproved;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.approval.StageApproved;
import io.accessledger.events.approval.TaskEscalated;
import io.accessledger.events.approval.TaskReminded;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Finding;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.Stage;
import io.accessledger.spine.testing.RunningService;
import io.accessledger.web.DevTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole service, as it runs: identity, request and policy events on a real (in-JVM KRaft) broker open a case;
 * the approvers read their inbox and decide over HTTP with dev tokens; the deadline watch runs on a clock the test
 * moves. What the case recorded is read from its event store (the outbox), what it published from its topic.
 */
class InboxServiceTest {
    private static final EmployeeId BENEFICIARY = EmployeeId.of("E2101");
    private static final EmployeeId MANAGER = EmployeeId.of("E2102");
    private static final EmployeeId DIRECTOR = EmployeeId.of("E2103");
    private static final EmployeeId IAM_ANALYST = EmployeeId.of("E2104");
    private static final SettableClock CLOCK = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningService service;

    @BeforeAll
    static void startService() {
        service = RunningService.start(InboxFixture.onClock(CLOCK), "approval_inbox", InboxFixture.NO_SCHEDULED_WATCH);
        InboxFixture.hire(service, DIRECTOR, null);
        InboxFixture.hire(service, MANAGER, DIRECTOR);
        InboxFixture.hire(service, BENEFICIARY, MANAGER);
        InboxFixture.hire(service, IAM_ANALYST, null);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(DirectoryView.class)
                .managerChain(BENEFICIARY).equals(List.of(MANAGER, DIRECTOR)));
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theManagerSeesTheTaskWithItsFindingsAndHistoryAndOnlyTheyMayDecideIt() {
        RequestId request = submit("R-inbox-1");
        JsonNode task = awaitTask(MANAGER, "OPEN", request);
        assertThat(task.get("stage").asText()).isEqualTo("MANAGER");
        assertThat(task.get("assigneeId").asText()).isEqualTo(MANAGER.value());
        assertThat(task.at("/request/beneficiaryId").asText()).isEqualTo(BENEFICIARY.value());
        assertThat(task.at("/request/justification").asText()).isEqualTo("Quarterly forecast for the sales team");
        assertThat(task.get("riskLevel").asText()).isEqualTo("HIGH");
        assertThat(task.at("/findings/0/rule").asText()).isEqualTo("separationOfDuties");
        assertThat(task.at("/findings/0/severity").asText()).isEqualTo("HIGH");
        assertThat(task.at("/findings/0/message").asText()).isEqualTo("Also holds finance:approve");
        assertThat(task.at("/flags").toString()).isEqualTo("[\"separationOfDuties\"]");
        assertThat(task.at("/history/0/what").asText()).startsWith("opened for " + MANAGER);
        assertThat(tasks(BENEFICIARY, "OPEN")).noneMatch(t -> t.get("requestId").asText().equals(request.value()));
        String taskId = task.get("taskId").asText();

        HttpResponse<String> own = decide(BENEFICIARY, taskId, "{\"outcome\":\"APPROVE\"}");
        assertThat(own.statusCode()).isEqualTo(403);
        assertThat(problemType(own)).isEqualTo("urn:accessledger:problem:nobodyApprovesTheirOwnRequest");
        HttpResponse<String> notTheirs = decide(DIRECTOR, taskId, "{\"outcome\":\"APPROVE\"}");
        assertThat(notTheirs.statusCode()).isEqualTo(403);
        assertThat(problemType(notTheirs)).isEqualTo("urn:accessledger:problem:onlyAssigneeDelegateOrQueueMember");
        HttpResponse<String> noReason = decide(MANAGER, taskId, "{\"outcome\":\"DENY\"}");
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(problemType(noReason)).isEqualTo("urn:accessledger:problem:reasonRequiredUnlessApprove");
        HttpResponse<String> unknown = decide(MANAGER, "T-unknown", "{\"outcome\":\"APPROVE\"}");
        assertThat(unknown.statusCode()).as("an unknown task is refused as someone else's").isEqualTo(403);
        assertThat(problemType(unknown)).isEqualTo("urn:accessledger:problem:onlyAssigneeDelegateOrQueueMember");

        CLOCK.set(CLOCK.instant().plus(Duration.ofHours(2)));
        HttpResponse<String> approved = decide(MANAGER, taskId, "{\"outcome\":\"APPROVE\",\"reason\":\"Needed\"}");
        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(json(approved.body()).get("outcome").asText()).isEqualTo("APPROVE");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.published(Topic.APPROVAL, request.value(),
                AccessApproved.class).size() == 1);
        HttpResponse<String> again = decide(MANAGER, taskId, "{\"outcome\":\"APPROVE\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(problemType(again)).isEqualTo("urn:accessledger:problem:taskMustBeOpen");

        JsonNode decided = awaitTask(MANAGER, "APPROVED", request);
        assertThat(StreamSupport.stream(decided.get("history").spliterator(), false).map(h -> h.get("what").asText()))
                .hasSize(2).last().isEqualTo("approved: Needed");
        assertThat(tasks(MANAGER, "OPEN")).noneMatch(t -> t.get("taskId").asText().equals(taskId));
    }

    @Test
    void anOverdueTaskIsRemindedThenEscalatedUpTheChainThenDeniedOncePerStepHoweverOftenTheWatchRuns() {
        RequestId request = submit("R-deadline-1");
        DeadlineWatch watch = service.bean(DeadlineWatch.class);
        Instant due = Instant.parse(awaitTask(MANAGER, "OPEN", request).get("dueAt").asText());

        CLOCK.set(due.minus(Duration.ofDays(2)));
        watch.watch();
        assertThat(recorded(request, TaskReminded.class)).isZero();

        CLOCK.set(due.minus(Duration.ofHours(1)));
        watch.watch();
        watch.watch();
        assertThat(recorded(request, TaskReminded.class)).isEqualTo(1);
        assertThat(recorded(request, TaskEscalated.class)).isZero();

        CLOCK.set(due.plus(Duration.ofMinutes(1)));
        watch.watch();
        watch.watch();
        assertThat(recorded(request, TaskEscalated.class)).isEqualTo(1);
        JsonNode atDirector = awaitTask(DIRECTOR, "OPEN", request);
        assertThat(atDirector.get("escalationLevel").asInt()).isEqualTo(1);
        watch.watch();
        assertThat(recorded(request, TaskEscalated.class)).isEqualTo(1);

        CLOCK.set(Instant.parse(atDirector.get("dueAt").asText()).plus(Duration.ofMinutes(1)));
        watch.watch();
        watch.watch();
        assertThat(recorded(request, TaskEscalated.class)).isEqualTo(2);
        JsonNode inQueue = awaitTask(IAM_ANALYST, "OPEN", request);
        assertThat(inQueue.get("queue").asText()).isEqualTo("IAM");
        assertThat(inQueue.get("escalationLevel").asInt()).isEqualTo(2);

        CLOCK.set(Instant.parse(inQueue.get("dueAt").asText()).plus(Duration.ofMinutes(1)));
        watch.watch();
        watch.watch();
        assertThat(recorded(request, AccessDenied.class)).isEqualTo(1);
        awaitTask(IAM_ANALYST, "DENIED", request);
        watch.watch();
        assertThat(recorded(request, TaskReminded.class)).isEqualTo(1);
        assertThat(recorded(request, TaskEscalated.class)).isEqualTo(2);
        assertThat(recorded(request, AccessDenied.class)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.published(Topic.APPROVAL, request.value(),
                AccessDenied.class).size() == 1);
        assertThat(service.published(Topic.APPROVAL, request.value(), AccessDenied.class).get(0).reason())
                .startsWith("No decision before the deadline");
    }

    /**
     * Caller × decision on one manager-stage task the manager delegated to a colleague (docs/SECURITY.md, relationship
     * matrix): the requester deciding their own request, the manager's manager, an outsider holding IAM (no queue
     * task) are refused 403; the delegate decides (200); the assignee after that is told the task is closed (409).
     */
    @Test
    void onlyTheAssigneeOrTheirDelegateDecideAManagerTask() {
        EmployeeId delegate = EmployeeId.of("E2105");
        InboxFixture.hire(service, delegate, DIRECTOR);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(DirectoryView.class)
                .managerChain(delegate).equals(List.of(DIRECTOR)));
        RequestId request = submit("R-inbox-matrix");
        String taskId = awaitTask(MANAGER, "OPEN", request).get("taskId").asText();
        HttpResponse<String> delegated = send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/api/v1/approvals/tasks/" + taskId + "/delegation")).header("Authorization", bearer(MANAGER))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"delegateId\":\"" + delegate.value() + "\",\"reason\":\"On leave\"}")));
        assertThat(delegated.statusCode()).as(delegated.body()).isEqualTo(200);

        record Row(String caller, EmployeeId who, int status) {
        }
        String approve = "{\"outcome\":\"APPROVE\",\"reason\":\"Needed\"}";
        for (Row row : List.of(new Row("requester and beneficiary", BENEFICIARY, 403),
                new Row("manager's manager", DIRECTOR, 403), new Row("outsider with IAM", IAM_ANALYST, 403),
                new Row("delegate", delegate, 200), new Row("assignee, after the delegate decided", MANAGER, 409))) {
            HttpResponse<String> decided = decide(row.who(), taskId, approve);
            assertThat(decided.statusCode()).as(row.caller() + ": " + decided.body()).isEqualTo(row.status());
        }
    }

    /**
     * Several stages, several people, over HTTP: the manager, who also holds the IAM role, approves the MANAGER task
     * and finds the IAM stage's queue task in their inbox, but may not approve it too (403 `oneApprovalPerPerson`,
     * nothing recorded); another IAM member approves it.
     */
    @Test
    void aManagerHoldingIamApprovesTheManagerStageButNotAlsoTheIamStage() {
        RequestId request = InboxFixture.submit(service, "R-inbox-two-stages", BENEFICIARY, BENEFICIARY, null,
                "Quarterly forecast for the sales team", List.of(), List.of(Stage.MANAGER, Stage.IAM),
                CLOCK.instant());
        String managerWithIam = "Bearer " + DevTokens.mint(MANAGER.value(), "EMPLOYEE", "IAM");
        String managerTask = awaitTask(MANAGER, "OPEN", request).get("taskId").asText();
        assertThat(decide(managerWithIam, managerTask, "{\"outcome\":\"APPROVE\"}").statusCode()).isEqualTo(200);
        JsonNode iamTask = await().atMost(Duration.ofSeconds(60)).until(() -> tasks(managerWithIam, "OPEN").stream()
                .filter(t -> t.get("requestId").asText().equals(request.value())).findFirst().orElse(null),
                task -> task != null && task.get("stage").asText().equals("IAM"));

        HttpResponse<String> second = decide(managerWithIam, iamTask.get("taskId").asText(),
                "{\"outcome\":\"APPROVE\"}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(403);
        assertThat(problemType(second)).isEqualTo("urn:accessledger:problem:oneApprovalPerPerson");
        assertThat(recorded(request, StageApproved.class)).isZero();
        assertThat(decide(IAM_ANALYST, iamTask.get("taskId").asText(), "{\"outcome\":\"APPROVE\"}").statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.published(Topic.APPROVAL, request.value(),
                AccessApproved.class).size() == 1);
    }

    private static RequestId submit(String id) {
        return InboxFixture.submit(service, id, BENEFICIARY, "Quarterly forecast for the sales team",
                List.of(new Finding("separationOfDuties", Sensitivity.HIGH, "Also holds finance:approve")),
                CLOCK.instant());
    }

    /** How many events of this type the request's case recorded. */
    private static int recorded(RequestId request, Class<?> type) {
        return InboxFixture.recorded(service, request, type);
    }

    private static JsonNode awaitTask(EmployeeId caller, String status, RequestId request) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> tasks(caller, status).stream()
                .filter(t -> t.get("requestId").asText().equals(request.value())).findFirst().orElse(null),
                task -> task != null);
    }

    private static List<JsonNode> tasks(EmployeeId caller, String status) {
        return tasks(bearer(caller), status);
    }

    private static List<JsonNode> tasks(String authorization, String status) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                + "/api/v1/approvals/tasks?status=" + status)).header("Authorization", authorization).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        return StreamSupport.stream(json(response.body()).spliterator(), false).toList();
    }

    private static HttpResponse<String> decide(EmployeeId caller, String taskId, String body) {
        return decide(bearer(caller), taskId, body);
    }

    private static HttpResponse<String> decide(String authorization, String taskId, String body) {
        return send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/approvals/tasks/" + taskId
                        + "/decision")).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String bearer(EmployeeId caller) {
        return "Bearer " + (caller.equals(IAM_ANALYST) ? DevTokens.mint(caller.value(), "EMPLOYEE", "IAM")
                : DevTokens.mint(caller.value(), "EMPLOYEE"));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String problemType(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/problem+json"));
        return json(response.body()).get("type").asText();
    }

    private static JsonNode json(String text) {
        try {
            return EventJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
