package io.accessledger.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** An employee (or contractor, external) as the directory and the token's `sub` name them, e.g. `E1001`. Serialised as a plain JSON string. */
public record EmployeeId(String value) {
    public EmployeeId {
        Ids.requireText(value, "employeeId");
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static EmployeeId of(String value) {
        return new EmployeeId(value);
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
