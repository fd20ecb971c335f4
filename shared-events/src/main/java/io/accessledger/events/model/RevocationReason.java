package io.accessledger.events.model;

/** Why access is taken away. */
public enum RevocationReason {
    LEAVER, MOVER, REVIEW, EXPIRED, MANUAL
}
