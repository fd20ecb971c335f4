package io.accessledger.events.model;

/** How sensitive a resource is; also the risk level of an evaluated request. */
public enum Sensitivity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public boolean atMost(Sensitivity other) {
        return compareTo(other) <= 0;
    }
}
