package io.accessledger.provisioning.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.approval.TaskEscalated;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.Stage;
import io.accessledger.provisioning.ProvisioningServiceApplication;
import io.accessledger.spine.testing.RunningService;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole service, as it runs: approval and identity events on a real (in-JVM KRaft) broker, its own PostgreSQL,
 * e-mail to a real SMTP server (GreenMail) and the chat webhook to a local HTTP server. Only the service's own
 * consumers and command handling are involved: nothing calls it directly.
 */
class TaskNotificationsServiceTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    private static final List<String> chatPosts = new CopyOnWriteArrayList<>();
    private static HttpServer webhook;
    private static RunningService service;

    @BeforeAll
    static void startService() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            chatPosts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        webhook.start();
        service = RunningService.start(ProvisioningServiceApplication.application(), "provisioning_notifications",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + greenMail.getSmtp().getPort(),
                "--accessledger.notifications.chat-webhook-url=http://127.0.0.1:" + webhook.getAddress().getPort()
                        + "/hook",
                "--management.endpoint.health.show-components=always");
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    @Test
    void aNewTaskIsMailedAndPostedToItsAssigneeOnceHoweverOftenItsEventArrives() throws Exception {
        RequestId request = RequestId.of("R-notify-1");
        TaskId task = TaskId.of("T-notify-1");
        service.publish(new EmployeeHired(EventId.of("00000000-0000-4000-8000-00000000a001"), EmployeeId.of("E1002"),
                new EmployeeProfile(EmployeeId.of("E1002"), "Bruno Keller", "bruno.keller@example.com", "Sales",
                        "Head of Sales", null, null, EmploymentStatus.ACTIVE, null, null, true),
                LocalDate.parse("2026-01-01"), "bamboohr", Instant.parse("2026-11-01T08:00:00Z")), "request-service");
        JdbcTemplate jdbc = service.jdbc();
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from notification_recipient where employee_id = 'E1002'", Integer.class) == 1);

        ApprovalTaskOpened opened = new ApprovalTaskOpened(EventId.of("00000000-0000-4000-8000-00000000b001"),
                request, task, Stage.MANAGER, EmployeeId.of("E1002"), null, Instant.parse("2026-11-05T09:15:30Z"),
                Instant.parse("2026-11-02T09:15:30Z"));
        service.publish(opened, "approval-service");

        assertThat(greenMail.waitForIncomingEmail(60_000, 1)).isTrue();
        MimeMessage mail = greenMail.getReceivedMessages()[0];
        assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("bruno.keller@example.com");
        assertThat(mail.getSubject()).isEqualTo("[AccessLedger] New approval task T-notify-1 (MANAGER) for request"
                + " R-notify-1");
        assertThat((String) mail.getContent()).startsWith("Hello Bruno Keller,")
                .contains("Due:      2026-11-05T09:15:30Z", "http://localhost:8083/api/v1/approvals/tasks");
        await().atMost(Duration.ofSeconds(10)).until(() -> chatPosts.size() == 1);
        assertThat(new ObjectMapper().readTree(chatPosts.get(0)).get("text").asText())
                .startsWith("*[AccessLedger] New approval task T-notify-1 (MANAGER)").contains("For: Bruno Keller");

        // The same event delivered again (the spine dedupes it), then a later event of the same request (same
        // key, so same partition, so handled after the duplicate): an escalation to the IAM queue.
        service.publish(opened, "approval-service");
        service.publish(new TaskEscalated(EventId.of("00000000-0000-4000-8000-00000000b002"), request, task,
                Stage.MANAGER, EmployeeId.of("E1002"), null, null, "IAM", 1, Instant.parse("2026-11-08T09:15:30Z"),
                Instant.parse("2026-11-05T09:15:31Z")), "approval-service");

        assertThat(greenMail.waitForIncomingEmail(60_000, 2)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[1].getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("iam-team@example.com");
        assertThat(received[1].getSubject()).startsWith("[AccessLedger] Escalated to you: approval task T-notify-1");
        assertThat((String) received[1].getContent()).startsWith("Hello IAM team,")
                .contains("escalation level 1, from Bruno Keller");
        await().atMost(Duration.ofSeconds(10)).until(() -> chatPosts.size() == 2);

        // Past the spine's dedupe too (a replay from a new consumer group would do this): the notification was
        // sent, so the same cause sends nothing.
        service.bean(CommandGateway.class).sendAndWait(new Notification.SendNotification(
                Notification.idFor(opened.eventId().value()), NotificationTemplates.TASK_OPENED,
                Recipient.person("E1002", "Bruno Keller", "bruno.keller@example.com"),
                NotificationTemplatesTest.allValues(), opened.eventId().value(), Instant.now()));
        assertThat(greenMail.getReceivedMessages()).hasSize(2);
        assertThat(chatPosts).hasSize(2);
        assertThat(jdbc.queryForList("select payloadtype from domainevententry where aggregateidentifier = ?",
                String.class, Notification.idFor(opened.eventId().value())))
                .containsExactly(Notification.NotificationSent.class.getName(),
                        Notification.NotificationSent.class.getName());
    }

    @Test
    void theServiceIsHealthyWithoutAskingTheMailServer() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(service.baseUrl() + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        JsonNode json = new ObjectMapper().readTree(health.body());
        assertThat(json.path("status").asText()).isEqualTo("UP");
        assertThat(json.path("components").has("db")).isTrue();
        assertThat(json.path("components").has("mail")).isFalse();
    }
}
