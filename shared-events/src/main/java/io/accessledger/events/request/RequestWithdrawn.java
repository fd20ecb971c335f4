package io.accessledger.events.request;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import java.time.Instant;

/** The requester withdrew the request before a decision. */
public record RequestWithdrawn(
        EventId eventId,
        RequestId requestId,
        EmployeeId withdrawnBy,
        String reason,
        Instant occurredAt) implements RequestKeyed {
    @Override
    public EmployeeId actorId() {
        return withdrawnBy;
    }
}
