package io.accessledger.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** One human task: an approval task or a manual fulfilment task. Serialised as a plain JSON string. */
public record TaskId(String value) {
    public TaskId {
        Ids.requireText(value, "taskId");
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TaskId of(String value) {
        return new TaskId(value);
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
