package io.accessledger.provisioning.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real {@link ChatWebhookChannel} against a local HTTP server standing in for a Slack incoming webhook. */
class ChatWebhookChannelTest {
    private HttpServer server;
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void startWebhook() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks/T000/B000/secret", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            byte[] answer = (status == 200 ? "ok" : "invalid_payload").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopWebhook() {
        server.stop(0);
    }

    private ChatWebhookChannel channel() {
        return new ChatWebhookChannel(new NotificationProperties(true, null, null,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/T000/B000/secret", Map.of(), null, null, null));
    }

    @Test
    void aNotificationIsPostedAsSlackCompatibleJsonText() throws IOException {
        channel().send(Recipient.person("E1002", "Bruno Keller", "bruno.keller@example.com"),
                new NotificationMessage("[AccessLedger] New approval task T-1 (MANAGER)",
                        "Hello Bruno Keller,\n\nDecide it in your inbox:\nhttp://localhost:8083/api/v1/approvals/tasks\n"));

        assertThat(posted).hasSize(1);
        assertThat(contentTypes.get(0)).startsWith("application/json");
        JsonNode json = new ObjectMapper().readTree(posted.get(0));
        assertThat(json.fieldNames()).toIterable().containsExactly("text");
        assertThat(json.get("text").asText()).isEqualTo("*[AccessLedger] New approval task T-1 (MANAGER)*\n"
                + "For: Bruno Keller\n\nHello Bruno Keller,\n\nDecide it in your inbox:\n"
                + "http://localhost:8083/api/v1/approvals/tasks");
    }

    @Test
    void slackControlCharactersAreEscaped() throws IOException {
        channel().send(Recipient.queue("IAM", "iam-team@example.com"), new NotificationMessage("R&D <urgent>", "a > b"));

        String text = new ObjectMapper().readTree(posted.get(0)).get("text").asText();
        assertThat(text).startsWith("*R&amp;D &lt;urgent&gt;*\nFor: IAM team").endsWith("a &gt; b");
    }

    @Test
    void aRefusingWebhookIsANotificationFailureThatDoesNotRevealTheUrl() {
        status = 400;

        assertThatThrownBy(() -> channel().send(Recipient.queue("IAM", "iam-team@example.com"),
                new NotificationMessage("s", "b")))
                .isInstanceOf(NotificationFailed.class)
                .hasMessageContaining("400")
                .hasMessageContaining("invalid_payload")
                .hasMessageNotContaining("secret");
    }

    @Test
    void withoutAWebhookUrlTheChannelIsInactive() {
        ChatWebhookChannel unset = new ChatWebhookChannel(new NotificationProperties(true, null, null, " ", Map.of(), null, null, null));

        assertThat(unset.active()).isFalse();
        assertThat(channel().active()).isTrue();
    }
}
