package io.accessledger.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The id of one access request: the key of the request flow on every topic. Serialised as a plain JSON string. */
public record RequestId(String value) {
    public RequestId {
        Ids.requireText(value, "requestId");
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static RequestId of(String value) {
        return new RequestId(value);
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
