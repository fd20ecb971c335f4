package io.accessledger.provisioning.connectors.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A vendor's API as a real HTTP server (JDK {@code com.sun.net.httpserver}) on a real loopback port: records every
 * request, can go down ({@link #stop()}) and come back on the same port ({@link #start()}). Subclasses answer.
 */
public abstract class FakeHttpServer implements AutoCloseable {
    protected static final ObjectMapper JSON = new ObjectMapper();

    /** A request as the fake received it; {@code path} is decoded, {@code params} are the decoded query parameters. */
    public record Request(String method, String path, Map<String, String> params, String authorization,
            String contentType, String body) {
        /** {@code "PUT /api/v1/groups/00g…/users/00u…"}. */
        public String line() {
            return method + " " + path;
        }
    }

    /** What the fake answers. */
    protected record Reply(int status, Map<String, String> headers, String body) {
        public static Reply json(int status, Object body) {
            try {
                return new Reply(status, new LinkedHashMap<>(Map.of("Content-Type", "application/json")),
                        JSON.writeValueAsString(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Reply noContent() {
            return new Reply(204, new LinkedHashMap<>(), "");
        }

        public Reply with(String header, String value) {
            headers.put(header, value);
            return this;
        }

        /** One more header of this name (sent as a separate header line, as Okta sends its {@code Link}s). */
        public Reply withAnother(String header, String value) {
            headers.merge(header, value, (first, next) -> first + "\n" + next);
            return this;
        }
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile HttpServer server;
    private volatile int port;

    /** Listens (again) on loopback: a free port the first time, the same port after {@link #stop()}. */
    public synchronized void start() {
        try {
            HttpServer started = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            started.createContext("/", this::handle);
            started.start();
            server = started;
            port = started.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Goes down: connections are refused until {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The recorded requests as {@link Request#line()}s. */
    public List<String> requestLines() {
        return requests.stream().map(Request::line).toList();
    }

    protected abstract Reply answer(Request request);

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    params(exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body);
            requests.add(request);
            Reply reply;
            try {
                reply = answer(request);
            } catch (RuntimeException e) {
                reply = new Reply(500, new LinkedHashMap<>(), "fake failed: " + e);
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((name, values) -> List.of(values.split("\n"))
                    .forEach(value -> exchange.getResponseHeaders().add(name, value)));
            exchange.sendResponseHeaders(reply.status(), reply.status() == 204 ? -1 : bytes.length);
            if (reply.status() != 204) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    /** Form or query parameters, decoded. */
    protected static Map<String, String> params(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }
}
