package io.accessledger.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The id of one event; equals the CloudEvents `ce_id` and is the consumers' dedupe key. Serialised as a plain JSON string. */
public record EventId(String value) {
    public EventId {
        Ids.requireText(value, "eventId");
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static EventId of(String value) {
        return new EventId(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
