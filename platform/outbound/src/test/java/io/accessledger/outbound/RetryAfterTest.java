package io.accessledger.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC);

    @Test
    void readsDelaySeconds() {
        assertThat(RetryAfter.fromHeader(" 120 ", clock)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void readsAnHttpDateRelativeToTheClock() {
        assertThat(RetryAfter.fromHeader("Mon, 2 Mar 2026 09:01:30 GMT", clock)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryAfter.fromHeader("Mon, 2 Mar 2026 08:59:00 GMT", clock)).isEqualTo(Duration.ZERO);
    }

    @Test
    void noUsableHintIsNull() {
        assertThat(RetryAfter.fromHeader(null, clock)).isNull();
        assertThat(RetryAfter.fromHeader("soon", clock)).isNull();
        assertThat(RetryAfter.fromHeader("-5", clock)).isNull();
        assertThat(RetryAfter.untilEpochSeconds("not-a-number", clock)).isNull();
    }

    @Test
    void readsAnEpochSecondsReset() {
        long reset = Instant.parse("2026-03-02T09:00:42Z").getEpochSecond();
        assertThat(RetryAfter.untilEpochSeconds(String.valueOf(reset), clock)).isEqualTo(Duration.ofSeconds(42));
    }
}
