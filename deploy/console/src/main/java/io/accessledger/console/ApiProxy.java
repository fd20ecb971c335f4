package io.accessledger.console;

import java.net.URI;
import java.time.Clock;
import java.util.Set;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The hand-written gateway: forwards {@code /api/**} to the service owning the prefix, streaming the bodies both ways,
 * adding the session's bearer token (an expired one renewed first with the session's refresh token; a call without a
 * live session is a 401 problem), and passing the service's answer (problem+json included) through unchanged.
 */
@Component
class ApiProxy {
    private static final Set<String> FORWARDED_REQUEST_HEADERS = Set.of(
            HttpHeaders.ACCEPT, HttpHeaders.CONTENT_TYPE, HttpHeaders.IF_MATCH, HttpHeaders.IF_NONE_MATCH,
            "Idempotency-Key", "traceparent");
    private static final Set<String> DROPPED_RESPONSE_HEADERS = Set.of(
            HttpHeaders.TRANSFER_ENCODING.toLowerCase(), HttpHeaders.CONNECTION.toLowerCase(),
            HttpHeaders.SET_COOKIE.toLowerCase(), HttpHeaders.CONTENT_LENGTH.toLowerCase());

    private final ConsoleProperties properties;
    private final Clock clock;
    private final OidcSignIn oidc;
    private final WebClient client = WebClient.create();

    ApiProxy(ConsoleProperties properties, Clock clock, OidcSignIn oidc) {
        this.properties = properties;
        this.clock = clock;
        this.oidc = oidc;
    }

    Mono<ServerResponse> forward(ServerRequest request) {
        ServerHttpRequest raw = request.exchange().getRequest();
        String path = raw.getPath().pathWithinApplication().value();
        URI base = properties.route(path).orElse(null);
        if (base == null) {
            return Problems.of(HttpStatus.NOT_FOUND, "No such API", "No service answers " + path);
        }
        long declared = raw.getHeaders().getContentLength();
        if (declared > properties.maxBodyBytes()) {
            return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Body too large",
                    "The console forwards bodies of at most " + properties.maxBodyBytes() + " bytes");
        }
        if (Session.claims(request, clock).isPresent()) {
            return forward(request, path, base, Session.token(request).orElseThrow());
        }
        // No session, or its token has expired: renewed with the refresh token when there is one, else (or when the
        // issuer refuses it) a 401 the page answers by showing the sign-in again.
        boolean secure = "https".equals(raw.getURI().getScheme());
        return oidc.renewed(request)
                .flatMap(renewal -> {
                    if (renewal.isEmpty() || renewal.get().accessToken().isEmpty()) {
                        return Session.signInAgain(secure);
                    }
                    renewal.get().cookies().forEach(request.exchange().getResponse()::addCookie);
                    return forward(request, path, base, renewal.get().accessToken().get());
                })
                .onErrorResume(OidcSignIn.IssuerUnavailable.class, e -> Problems.of(HttpStatus.BAD_GATEWAY,
                        "The issuer does not answer", "The session has expired and cannot be renewed now: cannot"
                                + " reach " + e.getMessage()));
    }

    private Mono<ServerResponse> forward(ServerRequest request, String path, URI base, String bearer) {
        ServerHttpRequest raw = request.exchange().getRequest();
        URI target = URI.create(base.toString().replaceAll("/$", "") + path
                + (raw.getURI().getRawQuery() == null ? "" : "?" + raw.getURI().getRawQuery()));
        Flux<DataBuffer> body = capped(raw.getBody());
        return client.method(raw.getMethod())
                .uri(target)
                .headers(h -> {
                    raw.getHeaders().forEach((name, values) -> {
                        if (FORWARDED_REQUEST_HEADERS.stream().anyMatch(name::equalsIgnoreCase)) {
                            h.addAll(name, values);
                        }
                    });
                    h.setBearerAuth(bearer);
                })
                .body((outputMessage, context) -> outputMessage.writeWith(body))
                .exchangeToMono(answer -> {
                    // Written straight to the exchange, so the service's body streams through before WebClient
                    // releases it; the handler then has no ServerResponse of its own left to write.
                    ServerHttpResponse response = request.exchange().getResponse();
                    response.setStatusCode(answer.statusCode());
                    answer.headers().asHttpHeaders().forEach((name, values) -> {
                        if (!DROPPED_RESPONSE_HEADERS.contains(name.toLowerCase())) {
                            response.getHeaders().addAll(name, values);
                        }
                    });
                    return response.writeWith(answer.bodyToFlux(DataBuffer.class));
                })
                .then(Mono.<ServerResponse>empty())
                .onErrorResume(DataBufferLimitException.class, e -> Problems.of(HttpStatus.CONTENT_TOO_LARGE,
                        "Body too large", "The console forwards bodies of at most " + properties.maxBodyBytes() + " bytes"))
                .onErrorResume(org.springframework.web.reactive.function.client.WebClientRequestException.class,
                        e -> Problems.of(HttpStatus.BAD_GATEWAY, "Service unreachable",
                                "The service behind " + path + " does not answer"));
    }

    /** Counts the bytes as they stream; a chunked body that grows past the cap is refused, not buffered. */
    private Flux<DataBuffer> capped(Flux<DataBuffer> body) {
        long[] seen = {0};
        return body.handle((buffer, sink) -> {
            seen[0] += buffer.readableByteCount();
            if (seen[0] > properties.maxBodyBytes()) {
                org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                sink.error(new DataBufferLimitException("body over " + properties.maxBodyBytes() + " bytes"));
            } else {
                sink.next(buffer);
            }
        });
    }
}
