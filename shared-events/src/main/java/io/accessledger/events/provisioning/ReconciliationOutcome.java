package io.accessledger.events.provisioning;

/** How a reconciliation ended: every mapped group read and compared, or stopped by a failure it names. */
public enum ReconciliationOutcome {
    COMPLETED,
    FAILED
}
