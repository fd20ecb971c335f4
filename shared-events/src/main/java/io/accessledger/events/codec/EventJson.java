package io.accessledger.events.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The JSON form of the events: camelCase, ISO-8601 UTC times, ISO-8601 durations ({@code P30D} for whole days),
 * absent optional fields left out, unknown fields ignored on read (tolerant reader).
 */
public final class EventJson {
    private static final ObjectMapper SHARED = mapper();

    private EventJson() {
    }

    /** Any value of the contract (an event, a profile, a verdict) as its JSON text. */
    public static String write(Object value) {
        try {
            return SHARED.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** JSON text written by {@link #write} read back as the given type. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return SHARED.readValue(json, type);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + type.getSimpleName() + " from JSON", e);
        }
    }

    public static ObjectMapper mapper() {
        SimpleModule durations = new SimpleModule("accessledger-durations");
        durations.addSerializer(Duration.class, new DurationSerializer());
        durations.addSerializer(Instant.class, new InstantText.Writer()); // the same text, without the formatter
        durations.addDeserializer(Instant.class, new InstantText.Reader());
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(durations)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /** Writes whole days as {@code P30D} (as the contract's examples do), anything else as Java's ISO form. */
    static final class DurationSerializer extends StdSerializer<Duration> {
        DurationSerializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }

    public static String format(Duration value) {
        boolean wholeDays = !value.isNegative() && value.getNano() == 0 && value.getSeconds() % 86_400 == 0
                && !value.isZero();
        return wholeDays ? "P" + value.toDays() + "D" : value.toString();
    }
}
