package io.accessledger.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Mints local-run tokens: HS256 with the dev secret, issuer {@value EdgeSecurity#LOCAL_ISSUER}. For tests and for
 * people: {@code deploy/token.sh E1002 IAM} does the same from the shell.
 */
public final class DevTokens {
    private DevTokens() {
    }

    public static String mint(String secret, String employeeId, List<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(EdgeSecurity.LOCAL_ISSUER)
                .subject(employeeId)
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with that secret", e);
        }
        return jwt.serialize();
    }

    public static String mint(String employeeId, String... roles) {
        return mint(EdgeSecurity.DOCUMENTED_DEV_SECRET, employeeId, List.of(roles), Duration.ofHours(8));
    }
}
