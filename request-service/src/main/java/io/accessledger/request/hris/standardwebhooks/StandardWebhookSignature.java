package io.accessledger.request.hris.standardwebhooks;

import io.accessledger.request.hris.Hmac;
import io.accessledger.request.hris.Timestamps;
import io.accessledger.request.hris.WebhookRejection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Standard Webhooks (standardwebhooks.com): {@code webhook-signature} holds space-separated {@code v1,<base64>}
 * entries, each an HMAC-SHA256 of {@code webhook-id.webhook-timestamp.body} under the base64-decoded part of the
 * {@code whsec_} secret; one matching entry suffices.
 */
public final class StandardWebhookSignature {
    private static final String PREFIX = "whsec_";
    private final byte[] key;
    private final Duration tolerance;

    public StandardWebhookSignature(String secret, Duration tolerance) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        this.key = Base64.getDecoder().decode(encoded);
        this.tolerance = tolerance;
    }

    public void verify(String id, String timestamp, String signatures, byte[] body, Instant now) {
        if (id == null || id.isBlank()) {
            throw WebhookRejection.missing("webhook-id");
        }
        if (timestamp == null || timestamp.isBlank()) {
            throw WebhookRejection.missing("webhook-timestamp");
        }
        if (signatures == null || signatures.isBlank()) {
            throw WebhookRejection.missing("webhook-signature");
        }
        Instant sent = Timestamps.epochSeconds(timestamp.trim());
        byte[] expected = Hmac.sha256(key, (id + "." + timestamp.trim() + ".").getBytes(StandardCharsets.UTF_8),
                body == null ? new byte[0] : body);
        boolean matched = false;
        for (String entry : signatures.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !"v1".equals(entry.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            matched |= MessageDigest.isEqual(expected, given);
        }
        if (!matched) {
            throw WebhookRejection.invalidSignature();
        }
        Timestamps.requireWithin(sent, now, tolerance);
    }
}
