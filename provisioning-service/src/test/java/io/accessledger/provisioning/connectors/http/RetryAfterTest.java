package io.accessledger.provisioning.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));

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

    @Test
    void classifiesStatusesAsTheConnectorContractSays() {
        assertThat(TargetHttp.isTransient(429)).isTrue();
        assertThat(TargetHttp.isTransient(503)).isTrue();
        assertThat(TargetHttp.isTransient(408)).isTrue();
        assertThat(TargetHttp.isTransient(400)).isFalse();
        assertThat(TargetHttp.isTransient(401)).isFalse();
        assertThat(TargetHttp.isTransient(404)).isFalse();
    }

    @Test
    void encodesAPathSegmentKeepingTheAtSign() {
        assertThat(TargetHttp.pathSegment("guest_example.com#EXT#@acme.onmicrosoft.com"))
                .isEqualTo("guest_example.com%23EXT%23@acme.onmicrosoft.com");
        assertThat(TargetHttp.pathSegment("a b/c")).isEqualTo("a%20b%2Fc");
    }
}
