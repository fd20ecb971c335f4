package io.accessledger.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.util.MultiValueMap;

/**
 * One sign-in in flight: the {@code state} the callback must echo, the {@code nonce} the ID token must carry, and the
 * PKCE {@code code_verifier} only the token request reveals. It lives in one short-lived HttpOnly cookie scoped to the
 * callback's path, SameSite=Lax because the issuer's redirect back is a cross-site top-level navigation (a Strict
 * cookie would not be sent on it). Over https it is a {@code __Host-} cookie (Secure, Path=/, no Domain), which no
 * other host — a sibling subdomain, say — can plant or overwrite.
 */
record SignInAttempt(String state, String nonce, String verifier) {
    static final String COOKIE = "accessledger_oidc";
    static final String SECURE_COOKIE = "__Host-" + COOKIE;
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]{43,128}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    static SignInAttempt start(SecureRandom random) {
        return new SignInAttempt(randomPart(random), randomPart(random), randomPart(random));
    }

    /** RFC 7636 S256: BASE64URL(SHA-256(ASCII(code_verifier))). */
    String challenge() {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    boolean answeredBy(String returnedState) {
        return returnedState != null && MessageDigest.isEqual(state.getBytes(StandardCharsets.US_ASCII),
                returnedState.getBytes(StandardCharsets.US_ASCII));
    }

    ResponseCookie cookie(boolean secure) {
        return cookie(secure, state + "." + nonce + "." + verifier, LIFETIME);
    }

    static ResponseCookie ended(boolean secure) {
        return cookie(secure, "", Duration.ZERO);
    }

    private static ResponseCookie cookie(boolean secure, String value, Duration maxAge) {
        return ResponseCookie.from(secure ? SECURE_COOKIE : COOKIE, value).httpOnly(true).secure(secure)
                .sameSite("Lax").path(secure ? "/" : OidcProperties.CALLBACK_PATH).maxAge(maxAge).build();
    }

    /** The attempt this browser's cookie holds (the {@code __Host-} one over https). */
    static Optional<SignInAttempt> of(MultiValueMap<String, HttpCookie> cookies, boolean secure) {
        return Optional.ofNullable(cookies.getFirst(secure ? SECURE_COOKIE : COOKIE))
                .map(HttpCookie::getValue).flatMap(SignInAttempt::fromCookie);
    }

    /** The attempt a cookie value holds, if it holds one of the shape {@link #cookie} writes. */
    static Optional<SignInAttempt> fromCookie(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 3 || !PART.matcher(parts[0]).matches() || !PART.matcher(parts[1]).matches()
                || !PART.matcher(parts[2]).matches()) {
            return Optional.empty();
        }
        return Optional.of(new SignInAttempt(parts[0], parts[1], parts[2]));
    }

    private static String randomPart(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }
}
