package io.accessledger.events.request;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import java.time.Instant;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import java.time.Duration;
import java.util.List;

/** Someone asked for access: the start of every request. Carries the comparison with the standard profile. */
public record RequestSubmitted(
        EventId eventId,
        RequestId requestId,
        String bundleId,
        EmployeeId requesterId,
        EmployeeId beneficiaryId,
        String resourceId,
        String accessLevel,
        String justification,
        Duration accessDuration,
        String ticketRef,
        RequestSource source,
        Boolean exceedsStandardProfile,
        List<Entitlement> standardProfile,
        Instant occurredAt) implements RequestKeyed {
    public Entitlement entitlement() {
        return new Entitlement(resourceId, accessLevel);
    }

    @Override
    public EmployeeId actorId() {
        return requesterId;
    }
}
