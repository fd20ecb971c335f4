package io.accessledger.events.policy;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import java.time.Instant;
import java.util.List;

/**
 * A new policy version is in force. Carries the whole document (canonical JSON) so that any past evaluation can be
 * reproduced from the log alone.
 */
public record PolicyPublished(
        EventId eventId,
        String policyVersion,
        EmployeeId publishedBy,
        List<String> summary,
        String document,
        Instant occurredAt) implements DomainEvent {

    /** All policy versions share one key, so they stay in order on the topic. */
    public static final String SUBJECT = "policy";

    @Override
    public String subject() {
        return SUBJECT;
    }

    @Override
    public EmployeeId actorId() {
        return publishedBy;
    }
}
