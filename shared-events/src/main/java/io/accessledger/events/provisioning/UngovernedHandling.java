package io.accessledger.events.provisioning;

/**
 * What a target's policy ({@code accessledger.provisioning.targets.<id>.on-ungoverned}) does with access that no
 * grant explains: put it before the resource owner as a review item, or take it out of the target at once.
 */
public enum UngovernedHandling {
    REVIEW,
    REMOVE
}
