package io.accessledger.events.model;

/** The state of a person's background check. */
public enum BackgroundCheck {
    NOT_STARTED, PENDING, COMPLETE, FAILED
}
