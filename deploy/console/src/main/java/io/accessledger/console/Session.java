package io.accessledger.console;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The session is one HttpOnly, SameSite=Strict cookie holding the bearer token (the dev token locally, the issuer's
 * access token in production): page scripts never see the token. After an OIDC sign-in a second one, scoped to
 * {@code /console}, keeps the ID token only as the hint the issuer's end-session endpoint asks for, and, when the
 * issuer gives one, a third keeps the refresh token, with which the console renews the access token when it expires
 * ({@link OidcSignIn#renewed}) — also HttpOnly and SameSite=Strict, so neither page scripts nor other sites' requests
 * carry it anywhere but to the console itself.
 */
final class Session {
    static final String COOKIE = "accessledger_session";
    static final String ID_COOKIE = "accessledger_id";
    static final String REFRESH_COOKIE = "accessledger_refresh";

    private Session() {
    }

    static Optional<String> token(ServerRequest request) {
        return Optional.ofNullable(request.cookies().getFirst(COOKIE)).map(HttpCookie::getValue)
                .filter(v -> !v.isBlank());
    }

    static Optional<String> refreshToken(ServerRequest request) {
        return Optional.ofNullable(request.cookies().getFirst(REFRESH_COOKIE)).map(HttpCookie::getValue)
                .filter(v -> !v.isBlank());
    }

    static ResponseCookie holdingRefreshToken(String token, Duration lifetime, boolean secure) {
        return cookie(REFRESH_COOKIE, token, "/", lifetime, secure);
    }

    static ResponseCookie refreshTokenEnded(boolean secure) {
        return cookie(REFRESH_COOKIE, "", "/", Duration.ZERO, secure);
    }

    static ResponseCookie holding(String token, Duration lifetime, boolean secure) {
        return cookie(COOKIE, token, "/", lifetime, secure);
    }

    static ResponseCookie ended(boolean secure) {
        return cookie(COOKIE, "", "/", Duration.ZERO, secure);
    }

    static ResponseCookie holdingIdToken(String idToken, Duration lifetime, boolean secure) {
        return cookie(ID_COOKIE, idToken, "/console", lifetime, secure);
    }

    static ResponseCookie idTokenEnded(boolean secure) {
        return cookie(ID_COOKIE, "", "/console", Duration.ZERO, secure);
    }

    private static ResponseCookie cookie(String name, String value, String path, Duration maxAge, boolean secure) {
        return ResponseCookie.from(name, value).httpOnly(true).sameSite("Strict").secure(secure).path(path)
                .maxAge(maxAge).build();
    }

    /**
     * The session's claims, read (not verified: the services verify every call) from the token when it is a JWT
     * that has not expired; empty when there is no session or it is over.
     */
    static Optional<JWTClaimsSet> claims(ServerRequest request, Clock clock) {
        return token(request).flatMap(token -> claims(token, clock));
    }

    /** A token's claims when it is a JWT that has not expired. */
    static Optional<JWTClaimsSet> claims(String token, Clock clock) {
        try {
            JWTClaimsSet claims = JWTParser.parse(token).getJWTClaimsSet();
            Instant now = clock.instant();
            return claims.getExpirationTime() == null || claims.getExpirationTime().toInstant().isAfter(now)
                    ? Optional.of(claims) : Optional.empty();
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** {@code GET /console/session}: who the page acts for (the token's sub and roles), or 401 when signed out. */
    static Mono<ServerResponse> describe(ServerRequest request, Clock clock) {
        return describe(claims(request, clock), List.of());
    }

    /** Who the page acts for, with the cookies a renewal sets; 401 without claims. */
    static Mono<ServerResponse> describe(Optional<JWTClaimsSet> session, List<ResponseCookie> cookies) {
        return session.map(claims -> {
            Map<String, Object> me = new LinkedHashMap<>();
            me.put("employeeId", claims.getSubject());
            me.put("roles", roles(claims));
            if (claims.getExpirationTime() != null) {
                me.put("expiresAt", claims.getExpirationTime().toInstant().toString());
            }
            ServerResponse.BodyBuilder answer = ServerResponse.ok();
            cookies.forEach(answer::cookie);
            return answer.contentType(MediaType.APPLICATION_JSON).bodyValue(me);
        }).orElseGet(() -> signInAgain(false));
    }

    private static List<String> roles(JWTClaimsSet claims) {
        try {
            List<String> roles = claims.getStringListClaim("roles");
            return roles == null ? List.of() : roles;
        } catch (ParseException e) {
            return List.of();
        }
    }

    /** The 401 the page reacts to by showing the sign-in again; the stale cookies are dropped with it. */
    static Mono<ServerResponse> signInAgain(boolean secure) {
        return Problems.of(HttpStatus.UNAUTHORIZED, "Sign in again", "There is no session, or it has expired",
                ended(secure), refreshTokenEnded(secure));
    }
}
