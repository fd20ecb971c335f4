package io.accessledger.events.request;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.WithdrawalReason;
import java.time.Instant;

/**
 * The request was withdrawn before a decision ({@code .v2}: the free-text {@code reason} of {@code .v1} became the
 * structured {@code withdrawal}; {@link RequestWithdrawnV1Upcaster} reads the old form).
 */
public record RequestWithdrawn(
        EventId eventId,
        RequestId requestId,
        EmployeeId withdrawnBy,
        WithdrawalReason withdrawal,
        Instant occurredAt) implements RequestKeyed {
    @Override
    public EmployeeId actorId() {
        return withdrawnBy;
    }

    @Override
    public String reason() {
        return withdrawal == null ? null : withdrawal.text();
    }
}
