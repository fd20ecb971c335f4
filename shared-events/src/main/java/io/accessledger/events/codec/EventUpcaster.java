package io.accessledger.events.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON of an older {@code ce_type} version into the next one, so that consumers only ever decode the
 * current records. Inside a major version changes are additive and need none; a {@code .v2} type ships with the
 * upcaster from {@code .v1}.
 */
public interface EventUpcaster {
    /** The {@code ce_type} this upcaster reads. */
    String fromType();

    /** The {@code ce_type} it produces. */
    String toType();

    ObjectNode upcast(ObjectNode json);
}
