package io.accessledger.provisioning.connectors;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.model.Entitlement;

/**
 * How a grant reaches a target system. A connector either does it now ({@link Result.Done}), or hands it to a
 * person ({@link Result.HandedToPerson}), whose confirmation later completes the grant.
 */
public interface Connector {
    /** The {@code type} of target this connector serves. */
    String type();

    Result grant(GrantId grantId, EmployeeId employeeId, Entitlement entitlement, String targetId,
            EmployeeId resourceOwner);

    /** Takes the access away again (only that entitlement of that person, never anyone else's). */
    Result revoke(GrantId grantId, EmployeeId employeeId, Entitlement entitlement, String targetId,
            EmployeeId resourceOwner);

    /** What came of asking a connector to grant. */
    sealed interface Result {
        /** The target acknowledged; {@code reference} is its id for the change. */
        record Done(String reference) implements Result {
        }

        /** A fulfilment task was opened for a person (the resource owner, or the IAM queue). */
        record HandedToPerson(EmployeeId assigneeId, String queue) implements Result {
        }
    }
}
