package io.accessledger.provisioning.connectors;

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
    public Result grant(Assignment assignment, TargetSettings target) {
        return new Result.HandedToPerson(assignment.resourceOwner(), "IAM");
    }

    @Override
    public Result revoke(Assignment assignment, TargetSettings target) {
        return new Result.HandedToPerson(assignment.resourceOwner(), "IAM");
    }
}
