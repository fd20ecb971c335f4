package io.accessledger.events;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import java.time.Instant;

/**
 * A fact of the access approval process, as published on Kafka. Every event carries its id (= CloudEvents
 * {@code ce_id}, the consumers' dedupe key), the time it happened and, through {@link #subject()}, the id that
 * orders it on its topic (the record key and {@code ce_subject}).
 */
public interface DomainEvent {
    EventId eventId();

    Instant occurredAt();

    /** The id that orders this event on its topic: the Kafka key and {@code ce_subject}. */
    String subject();

    /** The person who acted, where a person acted; {@code null} for system decisions. */
    default EmployeeId actorId() {
        return null;
    }

    /** The reason given by whoever acted, where there is one. */
    default String reason() {
        return null;
    }
}
