package io.accessledger.request.servicenow;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local stand-in for a ServiceNow instance: records every request and answers the scripted responses (then 200). */
final class RecordingServer implements AutoCloseable {
    record Received(String method, String path, String authorization, String contentType, String body, Instant at) {
    }

    record Answer(int status, String retryAfter, String body) {
    }

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();

    RecordingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(body, StandardCharsets.UTF_8), Instant.now()));
            Answer answer;
            synchronized (script) {
                answer = script.isEmpty() ? new Answer(200, null, "{\"result\":{}}") : script.poll();
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    RecordingServer answer(int status) {
        return answer(status, null);
    }

    RecordingServer answer(int status, String retryAfter) {
        synchronized (script) {
            script.add(new Answer(status, retryAfter, "{\"error\":{\"message\":\"scripted " + status + "\"}}"));
        }
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
