package io.accessledger.events.model;

/** How a person is engaged. */
public enum EmploymentType {
    EMPLOYEE, CONTRACTOR, EXTERNAL
}
