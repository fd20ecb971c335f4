package io.accessledger.provisioning.connectors.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accessledger.provisioning.connectors.ConnectorFailure;
import java.util.Locale;

/**
 * The shape of the group-membership PATCH a SCIM target expects ({@code accessledger.provisioning.targets.<id>.dialect},
 * default {@code rfc}). SaaS SCIM servers are built and tested against the requests one identity provider sends, so
 * the connector speaks that provider's dialect to them. Only the {@code Operations} entries differ; every dialect adds
 * or removes exactly one member and never replaces the member list.
 */
public enum ScimDialect {
    /**
     * RFC 7644 section 3.5.2: add {@code {"op":"add","path":"members","value":[{"value":"<id>"}]}}, remove
     * {@code {"op":"remove","path":"members[value eq \"<id>\"]"}} (a value filter in the path, no value).
     */
    RFC,
    /**
     * As Okta's SCIM 2.0 provisioning sends it ("Okta and SCIM Version 2.0", Update a specific Group membership,
     * https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20): lowercase ops, the added member carries
     * {@code display} (the user's userName), remove by {@code members[value eq "<id>"]}.
     */
    OKTA,
    /**
     * As Microsoft Entra provisioning sends it ("Tutorial: Develop and plan provisioning for a SCIM endpoint in
     * Microsoft Entra ID", Update Group [Add Members] / [Remove Members],
     * https://learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups): capitalised
     * ops, add {@code {"op":"Add","path":"members","value":[{"value":"<id>"}]}}, remove
     * {@code {"op":"Remove","path":"members","value":[{"value":"<id>"}]}} (the member in a value list, not in the path).
     */
    ENTRA;

    /** The dialect a target names; null or blank is {@link #RFC}, anything unknown a permanent failure. */
    public static ScimDialect of(String targetId, String dialect) {
        if (dialect == null || dialect.isBlank()) {
            return RFC;
        }
        try {
            return valueOf(dialect.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw ConnectorFailure.permanent("Target '" + targetId + "' has an unknown SCIM dialect '" + dialect
                    + "' (accessledger.provisioning.targets." + targetId + ".dialect: rfc, okta or entra)");
        }
    }

    /** Whether a target may name this dialect (null or blank is {@link #RFC}). */
    public static boolean known(String dialect) {
        return dialect == null || dialect.isBlank() || java.util.Arrays.stream(values())
                .anyMatch(d -> d.name().equalsIgnoreCase(dialect.trim()));
    }

    /** The one PATCH operation that adds this member. */
    ObjectNode addMember(String userId, String userName) {
        ObjectNode member = JsonNodeFactory.instance.objectNode().put("value", userId);
        if (this == OKTA) {
            member.put("display", userName);
        }
        ObjectNode operation = JsonNodeFactory.instance.objectNode();
        operation.put("op", this == ENTRA ? "Add" : "add");
        operation.put("path", "members");
        operation.putArray("value").add(member);
        return operation;
    }

    /** The one PATCH operation that removes this member, and nobody else. */
    ObjectNode removeMember(String userId) {
        ObjectNode operation = JsonNodeFactory.instance.objectNode();
        if (this == ENTRA) {
            operation.put("op", "Remove");
            operation.put("path", "members");
            ArrayNode value = operation.putArray("value");
            value.addObject().put("value", userId);
        } else {
            operation.put("op", "remove");
            operation.put("path", "members[value eq " + quoted(userId) + "]");
        }
        return operation;
    }

    /** A SCIM filter string literal (RFC 7644 section 3.4.2.2: JSON string syntax). */
    static String quoted(String value) {
        return JsonNodeFactory.instance.textNode(value).toString();
    }
}
