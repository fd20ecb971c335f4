package io.accessledger.events;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.model.Entitlement;

/** An event about one grant: ordered (keyed) by the grant id, and still naming the request it came from. */
public interface GrantKeyed extends RequestScoped {
    GrantId grantId();

    EmployeeId employeeId();

    Entitlement entitlement();

    @Override
    default String subject() {
        return grantId().value();
    }
}
