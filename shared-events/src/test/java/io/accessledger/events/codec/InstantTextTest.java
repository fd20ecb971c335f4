package io.accessledger.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Instants read and written without the formatter give what Jackson's own reader and writer give. */
class InstantTextTest {
    /** The contract's mapper as it was before: Jackson's own instant reader and writer. */
    private static final ObjectMapper JACKSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    private static final ObjectMapper OURS = EventJson.mapper();

    record At(Instant at) {
    }

    @Test
    void everyInstantIsWrittenAsJacksonAndInstantToStringWriteIt() throws Exception {
        for (Instant at : instants()) {
            assertThat(InstantText.format(at)).isEqualTo(at.toString());
            assertThat(OURS.writeValueAsString(new At(at))).isEqualTo(JACKSON.writeValueAsString(new At(at)));
        }
        ObjectMapper timestamps = OURS.copy().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Instant at = Instant.parse("2026-03-04T05:06:07.123456789Z");
        assertThat(timestamps.writeValueAsString(new At(at))).isEqualTo(
                JACKSON.copy().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(new At(at)));
    }

    @Test
    void everyTextIsReadAsJacksonReadsIt() {
        List<String> values = new ArrayList<>(List.of("\"2026-02-28T23:59:59Z\"", "\"2024-02-29T00:00:00Z\"",
                "\"2026-02-29T00:00:00Z\"", "\"2026-12-31T23:59:60Z\"", "\"2026-12-31T24:00:00Z\"",
                "\"2026-13-01T00:00:00Z\"", "\"2026-01-01T00:00:00.Z\"", "\"2026-01-01T00:00:00z\"",
                "\"2026-01-01T00:00:00+01:00\"", "\"2026-01-01T00:00:00.000000001Z\"", "\"0000-01-01T00:00:00Z\"",
                "\"+12026-01-01T00:00:00Z\"", "\" 2026-01-01T00:00:00Z \"", "\"1767225600\"", "\"1767225600.5\"",
                "1767225600", "1767225600.123456789", "-1", "\"\"", "null", "true", "[]", "{}", "\"2026-1-01T00:00:00Z\"",
                "\"2026-01-01T00:00:00.1234567890Z\"", "\"2026-01-01 00:00:00Z\""));
        for (Instant at : instants()) {
            values.add("\"" + at + "\"");
        }
        for (String value : values) {
            String json = "{\"at\":" + value + "}";
            assertThat(outcome(OURS, json)).as(json).isEqualTo(outcome(JACKSON, json));
        }
    }

    private static List<Instant> instants() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN, Instant.MAX, Instant.ofEpochSecond(-1, 1),
                Instant.ofEpochSecond(0, 1_000), Instant.ofEpochSecond(0, 1_000_000), Instant.ofEpochSecond(0, 10)));
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 20_000; i++) {
            int nano = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(random.nextLong(-63_000_000_000L, 260_000_000_000L), nano));
        }
        return instants;
    }

    private static String outcome(ObjectMapper mapper, String json) {
        try {
            Instant at = mapper.readValue(json, At.class).at();
            return at == null ? "null" : at.getEpochSecond() + "." + at.getNano();
        } catch (Exception e) {
            return e.getClass().getName();
        }
    }
}
