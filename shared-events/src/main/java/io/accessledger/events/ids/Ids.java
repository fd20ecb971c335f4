package io.accessledger.events.ids;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Small helpers for the typed ids. Deterministic derivations only: random ids are made at the edges. */
public final class Ids {
    private Ids() {
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** A name-based (version 3) UUID: the same name always gives the same id, so redelivery cannot fork ids. */
    public static String nameBased(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The grant that fulfils a request. One request, one grant, whichever instance derives it. */
    public static GrantId grantFor(RequestId requestId) {
        return GrantId.of("G-" + nameBased("grant:" + requestId.value()));
    }
}
