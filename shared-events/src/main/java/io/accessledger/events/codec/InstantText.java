package io.accessledger.events.codec;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * The text of an {@link Instant} as {@link Instant#toString} writes it ({@code yyyy-MM-ddTHH:mm:ss[.fff[fff[fff]]]Z})
 * read and written without {@link java.time.format.DateTimeFormatter}: the same instants, the same text, less work.
 * Anything else — a leap second, an invalid date, an offset, lowercase, a year outside 0 to 9999 — goes to
 * {@link Instant#parse} or {@link Instant#toString} themselves, so what is accepted or refused is unchanged.
 */
public final class InstantText {
    private InstantText() {
    }

    /** {@link Instant#parse}, the common form read directly. */
    public static Instant parse(String text) {
        Instant canonical = canonical(text);
        return canonical != null ? canonical : Instant.parse(text);
    }

    /**
     * The instant of a text in {@link Instant#toString}'s form ({@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, one to nine digits
     * of fraction, a valid date and time of day, no leap second), or {@code null} for any other text.
     */
    static Instant canonical(String text) {
        int n = text.length();
        if (n >= 20 && n <= 30 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(n - 1) == 'Z'
                && (n == 20 || n >= 22 && text.charAt(19) == '.')) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int fraction = n == 20 ? 0 : digits(text, 20, n - 1);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1
                    && day <= Month.of(month).length(Year.isLeap(year)) && hour >= 0 && hour < 24
                    && minute >= 0 && minute < 60 && second >= 0 && second < 60 && fraction >= 0) {
                for (int i = n == 20 ? 9 : 9 - (n - 21); i > 0; i--) {
                    fraction *= 10;
                }
                long days = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, fraction);
            }
        }
        return null;
    }

    /** The decimal number in {@code text[from, to)}, or -1 if a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** {@link Instant#toString}: the years 0 to 9999 written directly, any other by it. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        if (days < -719_528 || days > 2_932_896) { // 0000-01-01 and 9999-12-31
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(days);
        int nano = instant.getNano();
        int fractionDigits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        char[] text = new char[20 + (fractionDigits == 0 ? 0 : fractionDigits + 1)];
        put(text, 0, date.getYear(), 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        put(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        put(text, 17, secondOfDay % 60, 2);
        if (fractionDigits > 0) {
            text[19] = '.';
            put(text, 20, fractionDigits == 3 ? nano / 1_000_000 : fractionDigits == 6 ? nano / 1_000 : nano,
                    fractionDigits);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    private static void put(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Jackson's reader of an instant with the common form read directly; anything else read by Jackson's own. */
    static final class Reader extends StdScalarDeserializer<Instant> implements ContextualDeserializer {
        private final JsonDeserializer<Instant> standard;

        Reader() {
            this(InstantDeserializer.INSTANT);
        }

        private Reader(JsonDeserializer<Instant> standard) {
            super(Instant.class);
            this.standard = standard;
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant canonical = canonical(parser.getText());
                if (canonical != null) {
                    return canonical;
                }
            }
            return standard.deserialize(parser, context);
        }

        /** A property with its own format (none in the contract today) is read by Jackson's reader alone. */
        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> contextual = ((ContextualDeserializer) standard).createContextual(context, property);
            return contextual == standard ? this : contextual;
        }
    }

    /**
     * Jackson's writer of an instant as text, {@link Instant#toString}'s (what Jackson's own writes); with
     * {@code WRITE_DATES_AS_TIMESTAMPS}, or for a property with its own format, Jackson's own writer.
     */
    static final class Writer extends StdSerializer<Instant> implements ContextualSerializer {
        private final InstantSerializer standard = InstantSerializer.INSTANCE;

        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                standard.serialize(value, generator, provider);
            } else {
                generator.writeString(format(value));
            }
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            JsonFormat.Value format = findFormatOverrides(provider, property, Instant.class);
            return format == null || format.equals(JsonFormat.Value.empty()) ? this
                    : standard.createContextual(provider, property);
        }
    }
}
