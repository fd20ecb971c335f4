package io.accessledger.provisioning.connectors;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.model.Entitlement;
import org.springframework.stereotype.Component;

/**
 * For targets without a connector: the resource owner (or, without one, the IAM queue) does the work by hand and
 * confirms it through {@code POST /api/v1/fulfilment-tasks/{id}/completion}.
 */
@Component
public class ManualConnector implements Connector {
    public static final String TYPE = "manual";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Result grant(GrantId grantId, EmployeeId employeeId, Entitlement entitlement, String targetId,
            EmployeeId resourceOwner) {
        return new Result.HandedToPerson(resourceOwner, "IAM");
    }

    @Override
    public Result revoke(GrantId grantId, EmployeeId employeeId, Entitlement entitlement, String targetId,
            EmployeeId resourceOwner) {
        return new Result.HandedToPerson(resourceOwner, "IAM");
    }
}
