package io.accessledger.spine.ids;

import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import java.util.UUID;

/**
 * Where new ids are born: at the edge, when a person or system asks for something. Aggregates and rules never mint
 * ids; they receive these through their commands.
 */
public final class NewIds {
    private NewIds() {
    }

    public static EventId eventId() {
        return EventId.of(UUID.randomUUID().toString());
    }

    public static RequestId requestId() {
        return RequestId.of("R-" + UUID.randomUUID());
    }

    /** The id of one command; the events it produces derive their ids from it. */
    public static String commandId() {
        return UUID.randomUUID().toString();
    }
}
