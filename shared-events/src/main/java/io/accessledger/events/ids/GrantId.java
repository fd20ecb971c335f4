package io.accessledger.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** One provisioned (or to-be-provisioned) entitlement of one person; derived from the request it fulfils. Serialised as a plain JSON string. */
public record GrantId(String value) {
    public GrantId {
        Ids.requireText(value, "grantId");
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static GrantId of(String value) {
        return new GrantId(value);
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
