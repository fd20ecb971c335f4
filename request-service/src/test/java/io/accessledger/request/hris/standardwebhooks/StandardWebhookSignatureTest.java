package io.accessledger.request.hris.standardwebhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.request.hris.Fixtures;
import io.accessledger.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class StandardWebhookSignatureTest {
    private static final byte[] KEY = "standard-webhooks-test-key-32by".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    private static final Instant NOW = Instant.parse("2026-11-24T04:00:00Z");
    private static final String TS = Long.toString(NOW.getEpochSecond());
    private static final String ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    private static final byte[] BODY = Fixtures.bytes("hris-worker-hired.json");

    private final StandardWebhookSignature verifier = new StandardWebhookSignature(SECRET, Duration.ofMinutes(5));

    /** Computed independently: v1,base64(HMAC-SHA256(base64-decoded secret, id.timestamp.body)). */
    private static String sign(byte[] key, String id, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        mac.update(body);
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
    }

    private static void assertUnauthorized(Runnable call, String slug) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(problem.slug()).isEqualTo(slug);
        });
    }

    @Test
    void acceptsAValidSignature() throws Exception {
        String signature = sign(KEY, ID, TS, BODY);
        assertThatCode(() -> verifier.verify(ID, TS, signature, BODY, NOW)).doesNotThrowAnyException();
    }

    @Test
    void acceptsWhenOneOfSeveralSignaturesMatches() throws Exception {
        String old = sign("rotated-out-key".getBytes(StandardCharsets.UTF_8), ID, TS, BODY);
        String current = sign(KEY, ID, TS, BODY);
        String header = old + " v2,c29tZXRoaW5nIGVsc2U= " + current;
        assertThatCode(() -> verifier.verify(ID, TS, header, BODY, NOW)).doesNotThrowAnyException();
    }

    @Test
    void refusesWhenNoneOfSeveralSignaturesMatches() throws Exception {
        String header = sign("k1".getBytes(StandardCharsets.UTF_8), ID, TS, BODY) + " "
                + sign("k2".getBytes(StandardCharsets.UTF_8), ID, TS, BODY);
        assertUnauthorized(() -> verifier.verify(ID, TS, header, BODY, NOW), "invalid-signature");
    }

    @Test
    void refusesASignatureMadeWithAnotherKey() throws Exception {
        String signature = sign("wrong-key".getBytes(StandardCharsets.UTF_8), ID, TS, BODY);
        assertUnauthorized(() -> verifier.verify(ID, TS, signature, BODY, NOW), "invalid-signature");
    }

    @Test
    void refusesASignatureOverTheWholeSecretTextRatherThanItsDecodedKey() throws Exception {
        String signature = sign(SECRET.getBytes(StandardCharsets.UTF_8), ID, TS, BODY);
        assertUnauthorized(() -> verifier.verify(ID, TS, signature, BODY, NOW), "invalid-signature");
    }

    @Test
    void refusesATamperedBody() throws Exception {
        String signature = sign(KEY, ID, TS, BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("Engineering Manager", "CISO")
                .getBytes(StandardCharsets.UTF_8);
        assertUnauthorized(() -> verifier.verify(ID, TS, signature, tampered, NOW), "invalid-signature");
    }

    @Test
    void refusesASignatureReplayedUnderAnotherId() throws Exception {
        String signature = sign(KEY, ID, TS, BODY);
        assertUnauthorized(() -> verifier.verify("msg_other", TS, signature, BODY, NOW), "invalid-signature");
    }

    @Test
    void refusesAStaleTimestampOutsideFiveMinutes() throws Exception {
        String stale = Long.toString(NOW.minusSeconds(301).getEpochSecond());
        String signature = sign(KEY, ID, stale, BODY);
        assertUnauthorized(() -> verifier.verify(ID, stale, signature, BODY, NOW), "stale-timestamp");
    }

    @Test
    void refusesATimestampTooFarInTheFuture() throws Exception {
        String future = Long.toString(NOW.plusSeconds(301).getEpochSecond());
        String signature = sign(KEY, ID, future, BODY);
        assertUnauthorized(() -> verifier.verify(ID, future, signature, BODY, NOW), "stale-timestamp");
    }

    @Test
    void acceptsATimestampJustInsideTheTolerance() throws Exception {
        String ts = Long.toString(NOW.plusSeconds(300).getEpochSecond());
        String signature = sign(KEY, ID, ts, BODY);
        assertThatCode(() -> verifier.verify(ID, ts, signature, BODY, NOW)).doesNotThrowAnyException();
    }

    @Test
    void refusesMissingHeaders() throws Exception {
        String signature = sign(KEY, ID, TS, BODY);
        assertUnauthorized(() -> verifier.verify(null, TS, signature, BODY, NOW), "missing-signature");
        assertUnauthorized(() -> verifier.verify(ID, null, signature, BODY, NOW), "missing-signature");
        assertUnauthorized(() -> verifier.verify(ID, TS, null, BODY, NOW), "missing-signature");
    }

    @Test
    void refusesASignatureHeaderWithoutVersion() throws Exception {
        String bare = sign(KEY, ID, TS, BODY).substring(3);
        assertUnauthorized(() -> verifier.verify(ID, TS, bare, BODY, NOW), "invalid-signature");
    }
}
