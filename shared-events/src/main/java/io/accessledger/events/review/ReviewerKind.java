package io.accessledger.events.review;

/** Who reviews a campaign's items: the holder's manager, the resource's owner, or the members of a named group. */
public enum ReviewerKind {
    MANAGER, RESOURCE_OWNER, GROUP
}
