package io.accessledger.console;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** RFC 9457 answers for what the console itself refuses (the services' own problems pass through untouched). */
final class Problems {
    private Problems() {
    }

    static Mono<ServerResponse> of(HttpStatus status, String title, String detail) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(Map.of("type", "about:blank", "title", title, "status", status.value(), "detail", detail));
    }
}
