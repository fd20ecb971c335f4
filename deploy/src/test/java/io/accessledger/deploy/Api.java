package io.accessledger.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.web.DevTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny HTTP client for the system tests: JSON in, status and JSON out, as a given person. */
final class Api {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, JsonNode body) {
    }

    static String token(String employeeId, String... roles) {
        return DevTokens.mint(employeeId, roles);
    }

    static Response get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
    }

    static Response post(String url, String token, Object body) {
        return post(url, token, body, null);
    }

    static Response post(String url, String token, Object body, String idempotencyKey) {
        return post(url, token, body, idempotencyKey, java.util.Map.of());
    }

    static Response post(String url, String token, Object body, String idempotencyKey,
            java.util.Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body instanceof String text ? text
                            : JSON.writeValueAsString(body)));
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            headers.forEach(request::header);
            return send(request, token);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * POSTs JSON to an inbound integration (Workday, ServiceNow) signed as they are asked to sign:
     * {@code X-AccessLedger-Signature} = hex HMAC-SHA256({@code secret}, body + {@code X-AccessLedger-Timestamp}).
     */
    static Response postBodySigned(String url, String secret, String json) {
        String timestamp = Long.toString(java.time.Instant.now().getEpochSecond());
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "HmacSHA256"));
            mac.update(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String signature = java.util.HexFormat.of().formatHex(mac.doFinal(
                    timestamp.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return postSigned(url, json, java.util.Map.of("X-AccessLedger-Timestamp", timestamp,
                    "X-AccessLedger-Signature", signature));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POSTs JSON to a signed webhook with the given headers. */
    static Response postSigned(String url, String json, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return send(request, null);
    }

    static Response put(String url, String token, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    static Response delete(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE(), token);
    }

    /** The raw text of a GET (for Prometheus' exposition format). */
    static String text(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Response send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Response(response.statusCode(), text == null || text.isBlank() ? JSON.nullNode()
                    : JSON.readTree(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
