package io.accessledger.request.hris;

import java.time.Instant;

/** The webhook deliveries already received: the same delivery twice has one effect. */
public interface DeliveryStore {
    /** Claims a delivery; false when it was already received. */
    boolean claim(String source, String deliveryId, Instant at);

    /** Forgets a claim whose processing failed, so the sender's retry is processed. */
    void release(String source, String deliveryId);
}
