package io.accessledger.provisioning.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A chat message through a Slack-compatible incoming webhook ({@code accessledger.notifications.chat-webhook-url}):
 * {@code POST {"text": ...}} as JSON; any 2xx answer is success. Skipped when no URL is configured. The URL is a
 * secret (it carries the webhook's token), so it appears in no message and no event.
 */
@Component
@Order(2)
public class ChatWebhookChannel implements NotificationChannel {
    public static final String NAME = "chat";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI webhook;
    private final HttpClient http;

    public ChatWebhookChannel(NotificationProperties properties) {
        this.webhook = properties.chatWebhookUrl() == null ? null : URI.create(properties.chatWebhookUrl());
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean active() {
        return webhook != null;
    }

    @Override
    public void send(Recipient to, NotificationMessage message) {
        if (webhook == null) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(payload(to, message), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NotificationFailed("Chat webhook unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotificationFailed("Interrupted while posting to the chat webhook", e);
        }
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body();
            throw new NotificationFailed("Chat webhook answered " + response.statusCode() + ": "
                    + body.substring(0, Math.min(200, body.length())));
        }
    }

    /** The Slack-compatible body: {@code {"text": "*subject*\nFor: name\n\nbody"}}, with Slack's escapes. */
    static String payload(Recipient to, NotificationMessage message) {
        String text = "*" + escape(message.subject()) + "*\nFor: " + escape(to.name()) + "\n\n"
                + escape(message.body().strip());
        try {
            return JSON.writeValueAsString(Map.of("text", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Slack reads {@code &}, {@code <} and {@code >} as control characters in message text. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
