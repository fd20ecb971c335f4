package io.accessledger.provisioning.connectors.http;

import io.accessledger.provisioning.connectors.ConnectorFailure;
import io.accessledger.provisioning.connectors.TargetSettings;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The HTTP plumbing the vendor connectors share: one attempt per request, bounded by the target's {@code timeout},
 * and the contract's split of what goes wrong into transient and permanent {@link ConnectorFailure}s. What a
 * connector sends (its credentials) never appears in a failure; only the target's answer does.
 */
public final class TargetHttp {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient client;

    public TargetHttp() {
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends one request with the target's time-out. A refused connection, a time-out or any other I/O failure is a
     * transient failure saying that {@code system} (e.g. "Okta org https://acme.okta.com") could not be reached.
     */
    public HttpAnswer send(HttpRequest.Builder request, TargetSettings target, String system) {
        HttpRequest built = request.timeout(target.timeout()).build();
        try {
            HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new HttpAnswer(response.statusCode(), response.headers(), response.body());
        } catch (HttpTimeoutException e) {
            throw ConnectorFailure.transientFailure(system + " did not answer within " + target.timeout(), null, e);
        } catch (IOException e) {
            throw ConnectorFailure.transientFailure(system + " unreachable: " + describe(e), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConnectorFailure.transientFailure("Interrupted while calling " + system, null, e);
        }
    }

    /** Worth trying again: 408, 429 and every 5xx. */
    public static boolean isTransient(int status) {
        return status == 408 || status == 429 || status / 100 == 5;
    }

    /**
     * The failure for an answer that is not a success: transient (with {@code retryAfter}) for {@link #isTransient}
     * statuses, permanent otherwise. {@code said} is the target's own words, e.g. its error code and message.
     */
    public static ConnectorFailure failure(HttpAnswer answer, String said, Duration retryAfter) {
        String text = said + " (HTTP " + answer.status() + ")";
        return isTransient(answer.status()) ? ConnectorFailure.transientFailure(text, retryAfter, null)
                : ConnectorFailure.permanent(text);
    }

    /** A value for one path segment, percent-encoded (an e-mail login keeps its {@code @}). */
    public static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%40", "@");
    }

    /** A value for a query parameter, percent-encoded. */
    public static String queryValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }
}
