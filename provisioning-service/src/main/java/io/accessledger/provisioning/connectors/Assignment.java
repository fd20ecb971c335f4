package io.accessledger.provisioning.connectors;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.model.Entitlement;

/**
 * Who gets (or loses) what: the grant, the person and the entitlement, plus what a target needs to find or create
 * the person's account.
 *
 * @param login the person's sign-in name on targets: SCIM {@code userName}, Okta {@code profile.login}, Entra
 *     {@code userPrincipalName}. The directory's e-mail address.
 * @param displayName the person's name, for an account the connector has to create; may be null
 * @param resourceOwner who does the work by hand where there is no connector; may be null (then the IAM queue)
 */
public record Assignment(GrantId grantId, EmployeeId employeeId, String login, String displayName,
        Entitlement entitlement, EmployeeId resourceOwner) {
}
