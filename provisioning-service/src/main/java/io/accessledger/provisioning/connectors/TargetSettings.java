package io.accessledger.provisioning.connectors;

import io.accessledger.events.model.Entitlement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One provisioning target, {@code accessledger.provisioning.targets.<id>} (CONTRACT.md, provisioning-service). Which
 * settings apply depends on {@code type}:
 * <ul>
 * <li>{@code scim}: {@code baseUrl}, {@code token} (bearer), {@code dialect} ({@code rfc} | {@code okta} |
 * {@code entra}, default {@code rfc})</li>
 * <li>{@code okta}: {@code orgUrl}, {@code apiToken} (sent as {@code Authorization: SSWS <token>})</li>
 * <li>{@code entra}: {@code tenantId}, {@code clientId}, {@code clientSecret}; {@code authorityUrl} (default
 * {@code https://login.microsoftonline.com}) and {@code graphUrl} (default {@code https://graph.microsoft.com/v1.0})
 * only to point at another cloud or a test double</li>
 * <li>{@code manual}: nothing</li>
 * </ul>
 * {@code groups} maps {@code "resource:level"} to the target's group (SCIM {@code displayName}, Okta group name or id,
 * Entra group object id), written as a list, {@code groups: [{entitlement: "finance-app:read", group: Finance
 * Readers}]} (or as a map with bracketed keys, {@code "[finance-app:read]": Finance Readers}); {@link Targets#from}
 * reads either and refuses the start on anything it cannot use. {@code timeout} bounds each HTTP call (default
 * 10 s). {@code concurrency} is how many connector calls one instance makes to this target at once (default
 * {@value #DEFAULT_CONCURRENCY}; at least 1), within the worker's {@code accessledger.provisioning.worker.threads}.
 */
public record TargetSettings(String id, String type, String baseUrl, String token, String dialect, String orgUrl,
        String apiToken, String tenantId, String clientId, String clientSecret, String authorityUrl, String graphUrl,
        Map<String, String> groups, Duration timeout, Integer concurrency) {
    /** Calls at once to one target from one instance, unless the target sets {@code concurrency}. */
    public static final int DEFAULT_CONCURRENCY = 8;

    public TargetSettings {
        groups = groups == null ? Map.of() : Map.copyOf(groups);
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        concurrency = concurrency == null ? DEFAULT_CONCURRENCY : concurrency;
    }

    /** The same settings, known by their key. */
    public TargetSettings withId(String targetId) {
        return new TargetSettings(targetId, type, baseUrl, token, dialect, orgUrl, apiToken, tenantId, clientId,
                clientSecret, authorityUrl, graphUrl, groups, timeout, concurrency);
    }

    /** The same settings with these groups ({@code resource:level} → the target's group). */
    public TargetSettings withGroups(Map<String, String> resolved) {
        return new TargetSettings(id, type, baseUrl, token, dialect, orgUrl, apiToken, tenantId, clientId,
                clientSecret, authorityUrl, graphUrl, resolved, timeout, concurrency);
    }

    /** What a connector that provisions groups needs: at least one entitlement mapped to a group. */
    public List<TargetProblem> needsGroups() {
        return groups.isEmpty() ? List.of(TargetProblem.of(id, "groups", "maps no entitlement to a group, so every"
                + " grant on this target would fail", "add groups: [{entitlement: \"resource:level\", group:"
                + " <the target's group>}]")) : List.of();
    }

    /** A {@code concurrency} below 1 would never call the target: a startup problem. */
    public List<TargetProblem> needsConcurrency() {
        return concurrency < 1 ? List.of(TargetProblem.of(id, "concurrency", "is " + concurrency + ", so no call"
                + " would ever be made", "set concurrency: 1 or more (or leave it out: " + DEFAULT_CONCURRENCY + ")"))
                : List.of();
    }

    /** A setting this target's type needs, as a startup problem when it is missing. */
    public List<TargetProblem> needs(String setting, String value, String example) {
        return value == null || value.isBlank() ? List.of(TargetProblem.missing(this, setting, example)) : List.of();
    }

    /** The target's group for this entitlement; a permanent failure if none is mapped. */
    public String groupFor(Entitlement entitlement) {
        String group = groups.get(entitlement.toString());
        if (group == null || group.isBlank()) {
            throw ConnectorFailure.permanent("Target '" + id + "' maps no group for " + entitlement
                    + " (accessledger.provisioning.targets." + id + ".groups)");
        }
        return group;
    }

    /** A setting the connector cannot work without; a permanent failure if it is missing. */
    public String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ConnectorFailure.permanent("Target '" + id + "' has no " + name
                    + " (accessledger.provisioning.targets." + id + "." + name + ")");
        }
        return value;
    }

    @Override
    public String toString() {
        // Never print credentials.
        return "TargetSettings[id=" + id + ", type=" + type + ", baseUrl=" + baseUrl + ", orgUrl=" + orgUrl
                + ", tenantId=" + tenantId + ", dialect=" + dialect + ", groups=" + groups + ", concurrency=" + concurrency
                + "]";
    }
}
