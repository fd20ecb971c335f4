package io.accessledger.events;

import io.accessledger.events.ids.RequestId;

/** An event about one access request: it appears on that request's timeline. */
public interface RequestScoped extends DomainEvent {
    RequestId requestId();
}
