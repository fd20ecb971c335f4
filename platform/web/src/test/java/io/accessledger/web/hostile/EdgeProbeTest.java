package io.accessledger.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.web.EdgeLimits;
import io.accessledger.web.EdgeSecurity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.util.unit.DataSize;

/**
 * The harness's own checks fail on what they must catch — a deliberately bad answer of each kind — and pass a proper
 * refusal; the hostile tokens are each refused by the edge's decoder. Without this, a service's edge test could pass
 * because its checks cannot fail.
 */
class EdgeProbeTest {
    private static final String PROBLEM = "application/problem+json";
    private static final String GOOD = "{\"type\":\"urn:accessledger:problem:malformed\",\"title\":\"Malformed request\","
            + "\"status\":400,\"detail\":\"The request body cannot be read\"}";

    private static EdgeProbe.Answer answer(int status, String type, String body) {
        return new EdgeProbe.Answer(status, type, body, Map.of());
    }

    @Test
    void aProperProblemPasses() {
        assertThat(EdgeProbe.notARefusal(answer(400, PROBLEM, GOOD))).isEmpty();
        assertThat(EdgeProbe.notAcceptedOrRefused(answer(202, "application/json", "{}"))).isEmpty();
    }

    @Test
    void everyKindOfBadAnswerIsReported() {
        assertThat(EdgeProbe.notARefusal(answer(500, PROBLEM, GOOD.replace("400", "500")))).isNotEmpty();
        assertThat(EdgeProbe.notAcceptedOrRefused(answer(503, PROBLEM, GOOD.replace("400", "503")))).isNotEmpty();
        assertThat(EdgeProbe.notARefusal(answer(202, "application/json", "{}"))).isNotEmpty();
        assertThat(EdgeProbe.notARefusal(answer(400, "text/plain", "Bad Request"))).isNotEmpty();
        assertThat(EdgeProbe.notARefusal(answer(400, PROBLEM, "{\"title\":\"no type\"}"))).isNotEmpty();
        assertThat(EdgeProbe.notARefusal(answer(400, PROBLEM, GOOD.replace("cannot be read",
                "JSON decoding error: com.fasterxml.jackson.core.JsonParseException: Unexpected character")))).isNotEmpty();
        assertThat(EdgeProbe.notARefusal(answer(400, PROBLEM, GOOD.replace("cannot be read",
                "at io.accessledger.request.Foo.bar(Foo.java:12)")))).isNotEmpty();
    }

    @Test
    void everyHostileTokenIsRefusedByTheEdgesDecoder() {
        MockEnvironment local = new MockEnvironment();
        local.setActiveProfiles("local");
        ReactiveJwtDecoder decoder = new EdgeSecurity().jwtDecoder(local, "", List.of(),
                EdgeSecurity.DOCUMENTED_DEV_SECRET, EdgeSecurity.DEFAULT_ID_TOKEN_CLAIMS, false);
        HostileTokens.all().forEach((name, header) -> {
            String token = header.startsWith("Bearer ") ? header.substring(7) : header;
            assertThatThrownBy(() -> decoder.decode(token).block()).as(name).isInstanceOf(Exception.class);
        });
        assertThat(decoder.decode(HostileTokens.valid("E1041", "ADMIN").substring(7)).block().getSubject())
                .isEqualTo("E1041");
    }

    @Test
    void theWebhookBucketRefillsAtItsRateAndSaysHowLongToWait() {
        Instant[] now = {Instant.parse("2026-12-05T04:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        EdgeLimits limits = new EdgeLimits(DataSize.ofKilobytes(1), 3, 2.0, clock, List::of);
        assertThat(List.of(limits.take("a"), limits.take("a"), limits.take("a"))).containsOnly(0L);
        assertThat(limits.take("a")).isEqualTo(500L);
        assertThat(limits.take("b")).as("another client has its own bucket").isZero();
        now[0] = now[0].plusMillis(500);
        assertThat(limits.take("a")).isZero();
        assertThatThrownBy(() -> new EdgeLimits(DataSize.ofKilobytes(1), 0, 1, clock, List::of))
                .isInstanceOf(IllegalStateException.class);
    }
}
