package io.accessledger.events.provisioning;

/** Why a reconciliation ran: the target's schedule ({@code reconcile-every}) or a person asking for it. */
public enum ReconciliationTrigger {
    SCHEDULED,
    ON_DEMAND
}
