package io.accessledger.request.hris.bamboohr;

import io.accessledger.request.hris.Hmac;
import io.accessledger.request.hris.Timestamps;
import io.accessledger.request.hris.WebhookRejection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * BambooHR's webhook signature: {@code X-BambooHR-Signature} = hex HMAC-SHA256(private key, raw body +
 * {@code X-BambooHR-Timestamp}), the timestamp in Unix seconds and within the tolerance of now.
 */
public final class BambooHrSignature {
    private final byte[] key;
    private final Duration tolerance;

    public BambooHrSignature(String privateKey, Duration tolerance) {
        this.key = privateKey.getBytes(StandardCharsets.UTF_8);
        this.tolerance = tolerance;
    }

    /** Throws a 401 {@link io.accessledger.web.ApiProblem} unless the delivery is genuine and fresh. */
    public void verify(byte[] body, String signature, String timestamp, Instant now) {
        if (signature == null || signature.isBlank()) {
            throw WebhookRejection.missing("X-BambooHR-Signature");
        }
        if (timestamp == null || timestamp.isBlank()) {
            throw WebhookRejection.missing("X-BambooHR-Timestamp");
        }
        Instant sent = Timestamps.epochSeconds(timestamp.trim());
        byte[] expected = Hmac.sha256(key, body == null ? new byte[0] : body,
                timestamp.trim().getBytes(StandardCharsets.UTF_8));
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WebhookRejection.invalidSignature();
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw WebhookRejection.invalidSignature();
        }
        Timestamps.requireWithin(sent, now, tolerance);
    }
}
