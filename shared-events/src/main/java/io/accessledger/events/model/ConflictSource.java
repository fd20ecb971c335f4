package io.accessledger.events.model;

/** Whether a conflicting entitlement is already held or still in flight. */
public enum ConflictSource {
    HELD, PENDING
}
