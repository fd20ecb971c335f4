package io.accessledger.events.request;

import io.accessledger.events.RequestKeyed;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.WriteBackOutcome;
import java.time.Instant;

/**
 * A state change of a request that came from ServiceNow was written back to its requested item (RITM): {@code PATCH
 * sc_req_item/{sysId}} with {@code workNote} and, unless the RITM was already closed, {@code state} (2 Work in
 * Progress, 3 Closed Complete, 4 Closed Incomplete; null: a note only). {@code outcome} DELIVERED after
 * {@code attempts} attempts, or FAILED with ServiceNow's answer (or the transport error) in {@code targetAnswer}.
 * {@code causeEventId} is the AccessLedger event written back; one write-back of a cause is recorded once per
 * outcome (a redelivered cause adds nothing, a delivery after a failure is recorded).
 */
public record ServiceNowItemUpdated(
        EventId eventId,
        RequestId requestId,
        String sysId,
        String ritmNumber,
        String state,
        String workNote,
        WriteBackOutcome outcome,
        int attempts,
        String targetAnswer,
        EventId causeEventId,
        Instant occurredAt) implements RequestKeyed {
}
