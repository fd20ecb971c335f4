package io.accessledger.web.hostile;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.accessledger.web.EdgeSecurity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens the edge must refuse with 401, each a way an attacker or a misconfigured client gets it wrong; all of them
 * name an ADMIN, so a refusal cannot be a 403 in disguise.
 */
public final class HostileTokens {
    private static final String ROLE = "ADMIN";

    private HostileTokens() {
    }

    /** Name → {@code Authorization} header value. */
    public static Map<String, String> all() {
        Map<String, String> tokens = new LinkedHashMap<>();
        String secret = EdgeSecurity.DOCUMENTED_DEV_SECRET;
        Instant now = Instant.now();
        tokens.put("expired", bearer(sign(secret, claims(EdgeSecurity.LOCAL_ISSUER, "E1041", now.minusSeconds(7200),
                now.minusSeconds(3600)))));
        tokens.put("wrong issuer", bearer(sign(secret, claims("https://evil.example.com", "E1041", now,
                now.plusSeconds(600)))));
        tokens.put("wrong signature", bearer(sign("another-secret-of-at-least-thirty-two-bytes!",
                claims(EdgeSecurity.LOCAL_ISSUER, "E1041", now, now.plusSeconds(600)))));
        tokens.put("alg none", bearer(new PlainJWT(claims(EdgeSecurity.LOCAL_ISSUER, "E1041", now,
                now.plusSeconds(600))).serialize()));
        tokens.put("missing sub", bearer(sign(secret, claims(EdgeSecurity.LOCAL_ISSUER, null, now,
                now.plusSeconds(600)))));
        tokens.put("roles not a list", bearer(sign(secret, new JWTClaimsSet.Builder(claims(EdgeSecurity.LOCAL_ISSUER,
                "E1041", now, now.plusSeconds(600))).claim("roles", 42).build())));
        String valid = sign(secret, claims(EdgeSecurity.LOCAL_ISSUER, "E1041", now, now.plusSeconds(600)));
        String[] parts = valid.split("\\.");
        tokens.put("payload swapped under a valid signature", bearer(parts[0] + "." + Base64.getUrlEncoder()
                .withoutPadding().encodeToString(("{\"iss\":\"" + EdgeSecurity.LOCAL_ISSUER
                        + "\",\"sub\":\"E1041\",\"roles\":[\"ADMIN\",\"IAM\"],\"exp\":" + (now.getEpochSecond() + 600)
                        + "}").getBytes(StandardCharsets.UTF_8)) + "." + parts[2]));
        tokens.put("not a JWT", "Bearer not.a.jwt");
        tokens.put("garbage", "Bearer \u00ff\u00fe%00");
        tokens.put("basic instead of bearer", "Basic " + Base64.getEncoder().encodeToString(
                "E1041:password".getBytes(StandardCharsets.UTF_8)));
        return tokens;
    }

    private static JWTClaimsSet claims(String issuer, String subject, Instant issued, Instant expires) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject(subject).claim("roles", List.of(ROLE))
                .issueTime(Date.from(issued)).expirationTime(Date.from(expires)).build();
    }

    private static String sign(String secret, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e);
        }
        return jwt.serialize();
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A valid token for the local run ({@code DevTokens}), for the matrix's allowed cells. */
    public static String valid(String employeeId, String... roles) {
        return bearer(io.accessledger.web.DevTokens.mint(EdgeSecurity.DOCUMENTED_DEV_SECRET, employeeId,
                List.of(roles), Duration.ofMinutes(30)));
    }
}
