package io.accessledger.provisioning.connectors;

/**
 * One entry of a target's {@code groups} list: the entitlement ({@code resource:level}) and the target's group that
 * carries it (SCIM {@code displayName}, Okta group name or id, Entra group object id).
 */
public record GroupMapping(String entitlement, String group) {
}
