package io.accessledger.audit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code audit_event}'s instants are bound as {@code atOffset(UTC)} bound them, made without the offset's rules. */
class InstantsBoundInUtcTest {
    @Test
    void anInstantInUtcIsWhatAtOffsetGives() {
        SplittableRandom random = new SplittableRandom(8);
        List<Instant> times = new ArrayList<>(List.of(Instant.EPOCH, java.time.LocalDateTime.MIN.toInstant(ZoneOffset.UTC),
                java.time.LocalDateTime.MAX.toInstant(ZoneOffset.UTC),
                Instant.parse("1969-12-31T23:59:59.999999999Z"), Instant.parse("1600-02-29T00:00:00.000000001Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z")));
        for (int i = 0; i < 100_000; i++) {
            times.add(Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L),
                    random.nextInt(1_000_000_000)));
        }
        for (Instant end : List.of(Instant.MIN, Instant.MAX)) { // beyond LocalDateTime: refused by both, alike
            assertThatThrownBy(() -> end.atOffset(ZoneOffset.UTC)).isInstanceOf(DateTimeException.class);
            assertThatThrownBy(() -> AuditTrailView.utc(end)).isInstanceOf(DateTimeException.class);
        }
        for (Instant time : times) {
            OffsetDateTime bound = AuditTrailView.utc(time);
            OffsetDateTime before = time.atOffset(ZoneOffset.UTC);
            assertThat(bound).as(time.toString()).isEqualTo(before);
            assertThat(bound.toString()).isEqualTo(before.toString());
            assertThat(bound.getOffset()).isSameAs(ZoneOffset.UTC);
        }
    }
}
