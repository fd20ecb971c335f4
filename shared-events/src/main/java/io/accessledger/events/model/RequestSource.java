package io.accessledger.events.model;

/** Where a request came from. */
public enum RequestSource {
    PORTAL, HRIS_JOINER, HRIS_MOVER, SERVICENOW
}
