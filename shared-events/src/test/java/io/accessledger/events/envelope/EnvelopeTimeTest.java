package io.accessledger.events.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code ce_time} read without the formatter gives what {@link Instant#parse} gives, and refuses what it refuses. */
class EnvelopeTimeTest {
    @Test
    void everyTimeIsReadAsInstantParseReadsIt() {
        List<String> texts = new ArrayList<>(List.of("2026-02-28T23:59:59Z", "2024-02-29T00:00:00Z",
                "2026-02-29T00:00:00Z", "1900-02-29T12:00:00Z", "2000-02-29T12:00:00Z", "2026-04-31T00:00:00Z",
                "2026-12-31T23:59:60Z", "2026-12-31T24:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
                "2026-01-00T00:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00z",
                "2026-01-01t00:00:00Z", "2026-01-01T00:00:00.1234567890Z", "2026-01-01T00:00:00+01:00",
                "2026-01-01T00:00:00.000000001Z", "2026-01-01T00:00:00.1Z", "0000-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999999999Z", "+12026-01-01T00:00:00Z", "2026-01-01T00:00:0aZ",
                "2026-1-01T00:00:00Z", "２０２６-01-01T00:00:00Z", "2026-01-01 00:00:00Z", ""));
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            texts.add(at.toString());
            texts.add(at.toString().replace("Z", "0Z").replace(":00Z", ":00.5Z"));
        }
        for (String text : texts) {
            assertThat(outcome(() -> Envelope.instant(text))).as(text).isEqualTo(outcome(() -> Instant.parse(text)));
        }
    }

    private static String outcome(java.util.function.Supplier<Instant> read) {
        try {
            Instant at = read.get();
            return at.getEpochSecond() + "." + at.getNano();
        } catch (RuntimeException e) {
            return e.getClass().getName();
        }
    }
}
