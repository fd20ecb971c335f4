package io.accessledger.request.hris;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A body signature with a timestamp, as BambooHR signs its webhooks and as AccessLedger asks Workday and ServiceNow to
 * sign theirs: the signature header = hex HMAC-SHA256(secret, raw body + the timestamp header's value), the timestamp
 * in Unix seconds and within the tolerance of now. Compared in constant time; no secret configured, nothing matches.
 * The replay cache is the endpoint's (a delivery claimed once, by the {@code DeliveryStore} or its own key).
 */
public final class BodySignature {
    /** The headers Workday and ServiceNow deliveries are signed in (BambooHR has its own). */
    public static final String SIGNATURE_HEADER = "X-AccessLedger-Signature";
    public static final String TIMESTAMP_HEADER = "X-AccessLedger-Timestamp";

    private final byte[] key;
    private final Duration tolerance;
    private final String signatureHeader;
    private final String timestampHeader;

    public BodySignature(String secret, Duration tolerance, String signatureHeader, String timestampHeader) {
        this.key = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        this.tolerance = tolerance;
        this.signatureHeader = signatureHeader;
        this.timestampHeader = timestampHeader;
    }

    /** Workday's and ServiceNow's: {@link #SIGNATURE_HEADER} over body + {@link #TIMESTAMP_HEADER}. */
    public static BodySignature accessLedger(String secret, Duration tolerance) {
        return new BodySignature(secret, tolerance, SIGNATURE_HEADER, TIMESTAMP_HEADER);
    }

    /** Throws a 401 {@link io.accessledger.web.ApiProblem} unless the delivery is genuine and fresh. */
    public void verify(byte[] body, String signature, String timestamp, Instant now) {
        if (signature == null || signature.isBlank()) {
            throw WebhookRejection.missing(signatureHeader);
        }
        if (timestamp == null || timestamp.isBlank()) {
            throw WebhookRejection.missing(timestampHeader);
        }
        Instant sent = Timestamps.epochSeconds(timestamp.trim());
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WebhookRejection.invalidSignature();
        }
        if (key.length == 0 || !MessageDigest.isEqual(Hmac.sha256(key, body == null ? new byte[0] : body,
                timestamp.trim().getBytes(StandardCharsets.UTF_8)), given)) {
            throw WebhookRejection.invalidSignature();
        }
        Timestamps.requireWithin(sent, now, tolerance);
    }
}
