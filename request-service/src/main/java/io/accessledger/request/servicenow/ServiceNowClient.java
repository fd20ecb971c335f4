package io.accessledger.request.servicenow;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.accessledger.outbound.Backoff;
import io.accessledger.outbound.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes back to a RITM: {@code PATCH /api/now/table/sc_req_item/{sys_id}} with a work note and, when given, the
 * state, HTTP Basic. Transient failures (connect/timeout errors, 429 honouring {@code Retry-After}, 5xx) are retried
 * with capped exponential backoff and full jitter within a bounded number of attempts; any other answer fails at
 * once.
 */
public class ServiceNowClient {
    private static final Logger log = LoggerFactory.getLogger(ServiceNowClient.class);
    private final HttpClient http;
    private final String instanceUrl;
    private final String authorization;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration timeout;

    public ServiceNowClient(String instanceUrl, String username, String password, int maxAttempts,
            Duration initialBackoff, Duration maxBackoff, Duration timeout) {
        this.instanceUrl = instanceUrl == null || instanceUrl.isBlank() ? null
                : instanceUrl.strip().replaceAll("/+$", "");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                ((username == null ? "" : username) + ":" + (password == null ? "" : password))
                        .getBytes(StandardCharsets.UTF_8));
        this.maxAttempts = Math.max(1, maxAttempts);
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Whether an instance is configured; without one nothing is written back. */
    public boolean configured() {
        return instanceUrl != null;
    }

    /** A write-back that was delivered, after {@code attempts} attempts. */
    public record Delivered(int attempts, int status) {
    }

    /** A write-back that failed for good: a permanent answer or the retry budget spent. */
    public static class WriteBackFailed extends RuntimeException {
        private final int attempts;

        WriteBackFailed(String message, int attempts, Throwable cause) {
            super(message, cause);
            this.attempts = attempts;
        }

        public int attempts() {
            return attempts;
        }
    }

    public Delivered patch(String sysId, String state, String workNote) {
        if (!configured()) {
            throw new IllegalStateException("accessledger.servicenow.instance-url is not configured");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (state != null) {
            fields.put("state", state);
        }
        fields.put("work_notes", workNote);
        String body;
        try {
            body = Ritm.MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(instanceUrl + "/api/now/table/sc_req_item/"
                        + URLEncoder.encode(sysId, StandardCharsets.UTF_8)))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        String lastError = null;
        Throwable lastCause = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Duration wait;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Delivered(attempt, status);
                }
                lastError = "HTTP " + status + ": " + abbreviate(response.body());
                lastCause = null;
                if (status == 429) {
                    wait = retryAfter(response.headers().firstValue("Retry-After").orElse(null), attempt);
                } else if (status >= 500) {
                    wait = backoff(attempt);
                } else {
                    throw new WriteBackFailed("ServiceNow refused the write-back to " + sysId + ": " + lastError,
                            attempt, null);
                }
            } catch (IOException e) {
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                lastCause = e;
                wait = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WriteBackFailed("Interrupted writing back to " + sysId, attempt, e);
            }
            if (attempt < maxAttempts) {
                log.info("ServiceNow write-back to {} attempt {} failed ({}); retrying in {} ms", sysId, attempt,
                        lastError, wait.toMillis());
                pause(wait);
            }
        }
        throw new WriteBackFailed("ServiceNow write-back to " + sysId + " failed after " + maxAttempts
                + " attempts: " + lastError, maxAttempts, lastCause);
    }

    Duration backoff(int attempt) {
        return Backoff.fullJitter(initialBackoff, maxBackoff, attempt);
    }

    /** {@code Retry-After} (seconds or an HTTP date), capped at the max backoff; without one, the backoff. */
    Duration retryAfter(String header, int attempt) {
        Duration asked = RetryAfter.fromHeader(header, Clock.systemUTC());
        if (asked == null) {
            return backoff(attempt);
        }
        return asked.compareTo(maxBackoff) > 0 ? maxBackoff : asked;
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteBackFailed("Interrupted while waiting to retry", 0, e);
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
