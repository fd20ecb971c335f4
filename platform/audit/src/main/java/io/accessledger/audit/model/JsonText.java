package io.accessledger.audit.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON document held as its UTF-8 bytes, as it was written ({@code details}: {@link EventFacts#detailsUtf8}), and
 * read as text only where text is asked for. The replay's binary {@code COPY} sends the bytes as they are (a text
 * column's value is its UTF-8 bytes), where a {@code String} had its characters written, then made into a string, then
 * encoded again (docs/BENCHMARKS.md, "Audit replay", fourteenth round); JDBC, which binds a {@link CharSequence} as
 * its {@link #toString} (Spring's {@code StatementCreatorUtils}), the text {@code COPY} and everything else read the
 * text, the same characters.
 */
public final class JsonText implements CharSequence {
    private final byte[] utf8;
    private String text;

    /** {@code utf8}, which must be valid UTF-8, held as it is (not copied). */
    public JsonText(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** The document's UTF-8 bytes: the array itself, not a copy, to be read and never written. */
    public byte[] utf8() {
        return utf8;
    }

    @Override
    public String toString() {
        String read = text;
        if (read == null) {
            read = new String(utf8, StandardCharsets.UTF_8);
            text = read;
        }
        return read;
    }

    @Override
    public int length() {
        return toString().length();
    }

    @Override
    public char charAt(int index) {
        return toString().charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().subSequence(start, end);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonText json && Arrays.equals(utf8, json.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }
}
