package io.accessledger.events.model;

/** A person's status in the directory. */
public enum EmploymentStatus {
    ACTIVE, ON_LEAVE, TERMINATED
}
