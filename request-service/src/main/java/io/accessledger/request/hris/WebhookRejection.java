package io.accessledger.request.hris;

import io.accessledger.web.ApiProblem;
import org.springframework.http.HttpStatus;

/** The 401 answers of the webhook endpoints (RFC 9457 through {@link ApiProblem}). */
public final class WebhookRejection {
    private WebhookRejection() {
    }

    public static ApiProblem missing(String what) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "missing-signature", "Signature missing",
                what + " is required");
    }

    public static ApiProblem invalidSignature() {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "invalid-signature", "Signature not valid",
                "The signature does not match the body");
    }

    public static ApiProblem staleTimestamp() {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "stale-timestamp", "Timestamp outside the tolerance",
                "The delivery's timestamp is more than the allowed tolerance away from now");
    }

    public static ApiProblem badCredentials() {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Credentials not valid",
                "HTTP Basic credentials are missing or wrong");
    }

    public static ApiProblem replayed() {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "replayed-delivery", "Delivery already received",
                "This delivery was already received and processed");
    }
}
