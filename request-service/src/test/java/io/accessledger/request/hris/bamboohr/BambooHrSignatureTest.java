package io.accessledger.request.hris.bamboohr;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.request.hris.BodySignature;
import io.accessledger.request.hris.Fixtures;
import io.accessledger.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class BambooHrSignatureTest {
    private static final String KEY = "bamboo-private-key-0123456789";
    private static final Instant NOW = Instant.parse("2026-11-24T04:00:00Z");
    private static final String TS = Long.toString(NOW.getEpochSecond());
    private static final byte[] BODY = Fixtures.bytes("bamboohr-event-updated.json");

    private final BodySignature verifier = BambooHrConfiguration.signature(KEY, Duration.ofMinutes(5));

    /** Computed independently of the production code: hex HMAC-SHA256(key, body + timestamp). */
    private static String sign(String key, byte[] body, String timestamp) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(body);
        mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal());
    }

    private static void assertUnauthorized(Runnable call, String slug) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            org.assertj.core.api.Assertions.assertThat(problem.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
            org.assertj.core.api.Assertions.assertThat(problem.slug()).isEqualTo(slug);
        });
    }

    @Test
    void acceptsAValidSignature() throws Exception {
        String signature = sign(KEY, BODY, TS);
        assertThatCode(() -> verifier.verify(BODY, signature, TS, NOW)).doesNotThrowAnyException();
    }

    @Test
    void acceptsAnUppercaseHexSignatureWithinTheTolerance() throws Exception {
        String ts = Long.toString(NOW.minusSeconds(299).getEpochSecond());
        String signature = sign(KEY, BODY, ts).toUpperCase();
        assertThatCode(() -> verifier.verify(BODY, signature, ts, NOW)).doesNotThrowAnyException();
    }

    @Test
    void refusesASignatureMadeWithAnotherKey() throws Exception {
        String signature = sign("another-key", BODY, TS);
        assertUnauthorized(() -> verifier.verify(BODY, signature, TS, NOW), "invalid-signature");
    }

    @Test
    void refusesATamperedBody() throws Exception {
        String signature = sign(KEY, BODY, TS);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("67890", "67891")
                .getBytes(StandardCharsets.UTF_8);
        assertUnauthorized(() -> verifier.verify(tampered, signature, TS, NOW), "invalid-signature");
    }

    @Test
    void refusesASignatureWhoseTimestampWasChanged() throws Exception {
        String signature = sign(KEY, BODY, TS);
        String other = Long.toString(NOW.getEpochSecond() - 1);
        assertUnauthorized(() -> verifier.verify(BODY, signature, other, NOW), "invalid-signature");
    }

    @Test
    void refusesAStaleTimestampOutsideFiveMinutes() throws Exception {
        String stale = Long.toString(NOW.minus(Duration.ofMinutes(5)).minusSeconds(1).getEpochSecond());
        String signature = sign(KEY, BODY, stale);
        assertUnauthorized(() -> verifier.verify(BODY, signature, stale, NOW), "stale-timestamp");
    }

    @Test
    void refusesATimestampTooFarInTheFuture() throws Exception {
        String future = Long.toString(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1).getEpochSecond());
        String signature = sign(KEY, BODY, future);
        assertUnauthorized(() -> verifier.verify(BODY, signature, future, NOW), "stale-timestamp");
    }

    @Test
    void refusesAMissingSignatureHeader() {
        assertUnauthorized(() -> verifier.verify(BODY, null, TS, NOW), "missing-signature");
        assertUnauthorized(() -> verifier.verify(BODY, " ", TS, NOW), "missing-signature");
    }

    @Test
    void refusesAMissingTimestampHeader() throws Exception {
        String signature = sign(KEY, BODY, TS);
        assertUnauthorized(() -> verifier.verify(BODY, signature, null, NOW), "missing-signature");
    }

    @Test
    void refusesASignatureThatIsNotHex() {
        assertUnauthorized(() -> verifier.verify(BODY, "not-hex!", TS, NOW), "invalid-signature");
    }

    @Test
    void refusesATimestampThatIsNotUnixSeconds() throws Exception {
        String ts = "2026-11-24T04:00:00Z";
        String signature = sign(KEY, BODY, ts);
        assertUnauthorized(() -> verifier.verify(BODY, signature, ts, NOW), "stale-timestamp");
    }
}
