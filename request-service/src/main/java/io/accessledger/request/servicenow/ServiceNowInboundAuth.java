package io.accessledger.request.servicenow;

import io.accessledger.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.springframework.http.HttpStatus;

/**
 * Authenticates ServiceNow's outbound REST message: HTTP Basic with the configured user and password, or
 * {@code Authorization: Bearer <token>} equal to the configured shared token. Compared in constant time; a
 * credential left unconfigured never matches.
 */
public class ServiceNowInboundAuth {
    private final String username;
    private final String password;
    private final String bearerToken;

    public ServiceNowInboundAuth(String username, String password, String bearerToken) {
        this.username = username;
        this.password = password;
        this.bearerToken = bearerToken;
    }

    public void verify(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized("missing-credentials", "An Authorization header (Basic or Bearer) is required.");
        }
        String header = authorization.strip();
        if (regionIs(header, "Basic ")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw unauthorized("invalid-credentials", "The Basic credentials are not valid base64.");
            }
            int colon = decoded.indexOf(':');
            boolean userOk = colon >= 0 && same(decoded.substring(0, colon), username);
            boolean passwordOk = colon >= 0 && same(decoded.substring(colon + 1), password);
            if (userOk & passwordOk) {
                return;
            }
        } else if (regionIs(header, "Bearer ")) {
            if (same(header.substring(7).strip(), bearerToken)) {
                return;
            }
        }
        throw unauthorized("invalid-credentials", "The ServiceNow credentials are not valid.");
    }

    private static boolean regionIs(String header, String scheme) {
        return header.regionMatches(true, 0, scheme, 0, scheme.length());
    }

    private static boolean same(String given, String expected) {
        if (expected == null || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiProblem unauthorized(String slug, String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, slug, "Not authenticated", detail);
    }
}
