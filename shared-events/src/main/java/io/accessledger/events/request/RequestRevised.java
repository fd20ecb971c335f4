package io.accessledger.events.request;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import java.time.Instant;
import java.time.Duration;

/** The requester revised a returned request; it goes through policy and the stages again. */
public record RequestRevised(
        EventId eventId,
        RequestId requestId,
        EmployeeId revisedBy,
        String justification,
        String accessLevel,
        Duration accessDuration,
        Instant occurredAt) implements RequestKeyed {
    @Override
    public EmployeeId actorId() {
        return revisedBy;
    }
}
