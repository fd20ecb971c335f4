package io.accessledger.events.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** One level of access to one resource, written {@code "resource:level"} (e.g. {@code "salesforce:edit"}). */
public record Entitlement(String resourceId, String level) {
    public Entitlement {
        if (resourceId == null || resourceId.isBlank() || level == null || level.isBlank()) {
            throw new IllegalArgumentException("an entitlement needs a resource and a level");
        }
        if (resourceId.contains(":")) {
            throw new IllegalArgumentException("a resource id must not contain ':'");
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Entitlement parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("an entitlement is written resource:level, got '" + text + "'");
        }
        return new Entitlement(text.substring(0, colon), text.substring(colon + 1));
    }

    @JsonValue
    @Override
    public String toString() {
        return resourceId + ":" + level;
    }
}
