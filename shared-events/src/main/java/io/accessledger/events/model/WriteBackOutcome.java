package io.accessledger.events.model;

/** How a write-back to an outside system ended: the target took it, or it failed for good (refused or retries spent). */
public enum WriteBackOutcome {
    DELIVERED,
    FAILED
}
