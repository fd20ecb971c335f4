package io.accessledger.request.hris.bamboohr;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * BambooHR's API as far as the fetch needs it, on the JDK's HTTP server: {@code GET
 * /api/gateway.php/{companyDomain}/v1/employees/{id}/?fields=...} answers the requested fields of a known employee as
 * a JSON object (ids as strings, BambooHR's shape), 401 with {@code X-BambooHR-Error-Message} for another API key, 404
 * for an unknown employee; {@link #script} queues answers (429 with Retry-After, 503) before the real one.
 */
final class BambooHrApiFake implements AutoCloseable {
    static final String DOMAIN = "acme";

    /** A scripted answer: status, Retry-After (or null). */
    record Scripted(int status, String retryAfter) {
    }

    private final HttpServer server;
    private final String apiKey;
    final Map<String, Map<String, String>> employees = new ConcurrentHashMap<>();
    final Queue<Scripted> script = new ConcurrentLinkedQueue<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    BambooHrApiFake(String apiKey) {
        this.apiKey = apiKey;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/gateway.php/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/gateway.php";
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI()
                + " accept=" + exchange.getRequestHeaders().getFirst("Accept"));
        String expected = "Basic " + Base64.getEncoder().encodeToString((apiKey + ":x")
                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().add("X-BambooHR-Error-Message", "Invalid API key");
            send(exchange, 401, "");
            return;
        }
        Scripted scripted = script.poll();
        if (scripted != null) {
            if (scripted.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", scripted.retryAfter());
            }
            send(exchange, scripted.status(), scripted.status() == 503 ? "Service Unavailable" : "");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String prefix = "/api/gateway.php/" + DOMAIN + "/v1/employees/";
        if (!"GET".equals(exchange.getRequestMethod()) || !path.startsWith(prefix)) {
            send(exchange, 404, "");
            return;
        }
        String id = path.substring(prefix.length()).replaceAll("/$", "");
        Map<String, String> employee = employees.get(id);
        if (employee == null) {
            exchange.getResponseHeaders().add("X-BambooHR-Error-Message", "Employee not found");
            send(exchange, 404, "");
            return;
        }
        String query = exchange.getRequestURI().getQuery();
        String fields = query == null ? "" : query.replaceAll(".*fields=([^&]*).*", "$1");
        StringBuilder json = new StringBuilder("{\"id\":\"").append(id).append('"');
        for (String field : fields.split(",")) {
            if (employee.containsKey(field)) {
                String value = employee.get(field);
                json.append(",\"").append(field).append("\":")
                        .append(value == null ? "null" : "\"" + value.replace("\"", "\\\"") + "\"");
            }
        }
        json.append('}');
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        send(exchange, 200, json.toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
