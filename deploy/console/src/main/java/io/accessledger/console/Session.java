package io.accessledger.console;

import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerRequest;

/** The session is one HttpOnly, SameSite=Strict cookie holding the bearer token: page scripts never see the token. */
final class Session {
    static final String COOKIE = "accessledger_session";

    private Session() {
    }

    static Optional<String> token(ServerRequest request) {
        return Optional.ofNullable(request.cookies().getFirst(COOKIE)).map(HttpCookie::getValue)
                .filter(v -> !v.isBlank());
    }

    static ResponseCookie holding(String token, Duration lifetime, boolean secure) {
        return ResponseCookie.from(COOKIE, token).httpOnly(true).sameSite("Strict").secure(secure).path("/")
                .maxAge(lifetime).build();
    }

    static ResponseCookie ended(boolean secure) {
        return ResponseCookie.from(COOKIE, "").httpOnly(true).sameSite("Strict").secure(secure).path("/")
                .maxAge(Duration.ZERO).build();
    }
}
