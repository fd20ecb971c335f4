package io.accessledger.events.review;

/**
 * What happens to an item nobody decided by its due time: REVOKE it, KEEP it FLAGGED (kept, recorded as unanswered),
 * or ESCALATE it once to the reviewer's manager, after which an unanswered item is revoked.
 */
public enum NonResponsePolicy {
    REVOKE, KEEP_FLAGGED, ESCALATE
}
