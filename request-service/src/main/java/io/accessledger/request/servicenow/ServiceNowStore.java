package io.accessledger.request.servicenow;

import java.time.Instant;
import java.util.Optional;

/** Which request each RITM became (the idempotency key is the RITM's sys_id), and every write-back's outcome. */
public interface ServiceNowStore {
    /**
     * Links {@code sysId} to {@code requestId} unless it is already linked: answers the earlier request id when it
     * was, empty when this call made the link.
     */
    Optional<String> link(String sysId, String number, String requestId, Instant at);

    Optional<String> sysIdOf(String requestId);

    /** The RITM's number ({@code RITM0010023}) as it was delivered, if it was. */
    Optional<String> numberOf(String sysId);

    /** Whether a write-back already closed the RITM (state 3 or 4 delivered). */
    boolean closed(String sysId);

    void recordWriteBack(WriteBack writeBack);

    /** One write-back: DELIVERED or FAILED after {@code attempts} attempts. */
    record WriteBack(String eventId, String sysId, String state, String status, int attempts, String lastError,
            Instant at) {
    }
}
