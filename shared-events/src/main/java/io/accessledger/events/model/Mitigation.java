package io.accessledger.events.model;

/** What a separation-of-duties conflict allows. */
public enum Mitigation {
    EXCEPTION_BY_COMPLIANCE, BLOCK
}
