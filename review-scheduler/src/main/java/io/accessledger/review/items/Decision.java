package io.accessledger.review.items;

/** A reviewer's answer: the access stays (CERTIFY) or goes (REVOKE). */
public enum Decision {
    CERTIFY, REVOKE
}
