package io.accessledger.request.hris;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The vendor payloads under src/test/resources/hris, as the raw bytes a webhook would carry. */
public final class Fixtures {
    private Fixtures() {
    }

    public static byte[] bytes(String name) {
        return resource("/hris/" + name);
    }

    /** A ServiceNow RITM payload under src/test/resources/servicenow. */
    public static byte[] servicenow(String name) {
        return resource("/servicenow/" + name);
    }

    private static byte[] resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
