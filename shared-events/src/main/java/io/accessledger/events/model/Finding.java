package io.accessledger.events.model;

/** One thing a policy rule found about a request: the rule's stable name, how serious, and why, in words. */
public record Finding(String rule, Sensitivity severity, String message) {
}
