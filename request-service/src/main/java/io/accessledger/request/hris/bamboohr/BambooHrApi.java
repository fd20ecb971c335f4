package io.accessledger.request.hris.bamboohr;

import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.outbound.RetryAfter;
import io.accessledger.request.hris.HrisProperties;
import io.accessledger.request.hris.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * One call of BambooHR's API: {@code GET {base-url}/{companyDomain}/v1/employees/{id}/?fields=...&onlyCurrent=true}
 * with HTTP Basic (the API key as user name, "x" as password) and {@code Accept: application/json}. The answer is
 * classified, never retried here: the fetch job owns the back-off, durably.
 */
public class BambooHrApi {
    private final HttpClient http;
    private final HrisProperties.Api settings;
    private final String authorization;

    public BambooHrApi(HrisProperties.Api settings) {
        this.settings = settings;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                ((settings.apiKey() == null ? "" : settings.apiKey()) + ":x").getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    public boolean configured() {
        return settings.configured();
    }

    /** What BambooHR answered about one employee. */
    public sealed interface Answer permits Found, Refused, Unavailable {
    }

    /** 200: the employee's fields, by their API names (fields the key may not see are left out by BambooHR). */
    public record Found(JsonNode employee) implements Answer {
    }

    /** A permanent answer (401, 403, 404, any other 4xx but 429): retrying cannot help. */
    public record Refused(int status, String message) implements Answer {
    }

    /** 429, 5xx, a timeout or a connection failure: worth another try, no sooner than {@code retryAfter} if given. */
    public record Unavailable(String message, Duration retryAfter) implements Answer {
    }

    public Answer employee(String employeeId, Instant now) {
        String url = settings.baseUrl().replaceAll("/+$", "") + "/"
                + URLEncoder.encode(settings.companyDomain(), StandardCharsets.UTF_8) + "/v1/employees/"
                + URLEncoder.encode(employeeId, StandardCharsets.UTF_8) + "/?fields="
                + String.join(",", BambooHrPayloads.API_FIELDS) + "&onlyCurrent=true";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(settings.timeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new Unavailable(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted", null);
        }
        int status = response.statusCode();
        String error = response.headers().firstValue("X-BambooHR-Error-Message").orElse(null);
        String what = "HTTP " + status + (error != null ? " (" + error + ")" : ": " + abbreviate(response.body()));
        if (status == 200) {
            try {
                JsonNode employee = Json.MAPPER.readTree(response.body());
                if (employee != null && employee.isObject()) {
                    return new Found(employee);
                }
            } catch (IOException e) {
                // answered below as not usable
            }
            return new Unavailable("HTTP 200 without a JSON object", null);
        }
        if (status == 429 || status >= 500) {
            return new Unavailable(what, retryAfter(response.headers().firstValue("Retry-After").orElse(null), now));
        }
        return new Refused(status, what);
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
        return RetryAfter.fromHeader(header, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String abbreviate(byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
