package io.accessledger.request.hris;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The vendor payloads under src/test/resources/hris, as the raw bytes a webhook would carry. */
public final class Fixtures {
    private Fixtures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/hris/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
