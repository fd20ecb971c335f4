package io.accessledger.events.model;

import io.accessledger.events.ids.EmployeeId;
import java.util.List;

/** The requested resource as the policy version in force described it, so downstream services need no catalog. */
public record ResourceSnapshot(
        String resourceId,
        String name,
        String target,
        EmployeeId ownerId,
        Sensitivity sensitivity,
        List<String> tags,
        boolean privilegedLevel) {
}
