package io.accessledger.approval.cases;

/** What an approver decides on a task. */
public enum Outcome {
    APPROVE, APPROVE_WITH_CONDITIONS, DENY, RETURN
}
