package io.accessledger.request.hris;

import java.time.Instant;

/**
 * How an inbound integration (Workday, ServiceNow) proves a delivery: by its {@link BodySignature}, or — only when
 * configuration accepts unsigned deliveries — by its {@code Authorization} header alone (HTTP Basic; ServiceNow also a
 * bearer token), which authenticates the sender but not the body. A delivery that carries a signature or a timestamp
 * is judged by them, whatever its {@code Authorization}.
 */
public final class DeliveryAuth {
    /** Checks an {@code Authorization} header; throws a 401 problem when it does not authenticate the sender. */
    @FunctionalInterface
    public interface Credentials {
        void verify(String authorization);
    }

    private final BodySignature signature;
    private final Credentials unsigned;

    private DeliveryAuth(BodySignature signature, Credentials unsigned) {
        this.signature = signature;
        this.unsigned = unsigned;
    }

    public static DeliveryAuth signedOnly(BodySignature signature) {
        return new DeliveryAuth(signature, null);
    }

    public static DeliveryAuth signedOrUnsigned(BodySignature signature, Credentials unsigned) {
        return new DeliveryAuth(signature, unsigned);
    }

    public boolean acceptsUnsigned() {
        return unsigned != null;
    }

    /** Throws a 401 {@link io.accessledger.web.ApiProblem} unless the delivery is proven as configured. */
    public void verify(byte[] body, String signatureHeader, String timestamp, String authorization, Instant now) {
        boolean signed = (signatureHeader != null && !signatureHeader.isBlank())
                || (timestamp != null && !timestamp.isBlank());
        if (!signed && unsigned != null) {
            unsigned.verify(authorization);
            return;
        }
        signature.verify(body, signatureHeader, timestamp, now);
    }
}
