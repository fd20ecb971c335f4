package io.accessledger.events.model;

/** A review stage of an approval case, in the order they run. */
public enum Stage {
    MANAGER, RESOURCE_OWNER, IAM, SECURITY, COMPLIANCE
}
