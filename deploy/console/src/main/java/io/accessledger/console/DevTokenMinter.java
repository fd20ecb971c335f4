package io.accessledger.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the local run's token exactly as {@code deploy/token.sh} does: HS256 with the dev secret, issuer
 * {@value #ISSUER}, {@code sub} = employee id, {@code roles}. Callers pass only validated ids and known roles.
 */
final class DevTokenMinter {
    static final String ISSUER = "accessledger-local";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] secret;
    private final Clock clock;

    DevTokenMinter(String secret, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    String mint(String employeeId, List<String> roles, Duration lifetime) {
        long now = clock.instant().getEpochSecond();
        String rolesJson = roles.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","));
        String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = encode("{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + employeeId + "\",\"roles\":[" + rolesJson
                + "],\"iat\":" + now + ",\"exp\":" + (now + lifetime.toSeconds()) + "}");
        return header + "." + payload + "." + sign(header + "." + payload);
    }

    private static String encode(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private String sign(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
