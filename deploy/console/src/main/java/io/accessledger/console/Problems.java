package io.accessledger.console;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** RFC 9457 answers for what the console itself refuses (the services' own problems pass through untouched). */
final class Problems {
    private Problems() {
    }

    /** The problem, with any cookies the refusal sets (an ended sign-in attempt, say). */
    static Mono<ServerResponse> of(HttpStatus status, String title, String detail, ResponseCookie... cookies) {
        ServerResponse.BodyBuilder answer = ServerResponse.status(status);
        for (ResponseCookie cookie : cookies) {
            answer.cookie(cookie);
        }
        return answer
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(Map.of("type", "about:blank", "title", title, "status", status.value(), "detail", detail));
    }
}
