package io.accessledger.console;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A real HTTP server standing in for one service: records what reached it and answers as a service would. */
final class StubService implements AutoCloseable {
    record Seen(String method, String uri, String authorization, String body) {
    }

    /** What the stub answers one call: status, content type, body and any further headers. */
    record Answer(int status, String contentType, String body, Map<String, String> headers) {
        Answer(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final DisposableServer server;

    StubService(int status, String contentType, String answer) {
        this(uri -> new Answer(status, contentType, answer));
    }

    /** Answers by the request's URI (path and query), for a stub that stands in for several endpoints. */
    StubService(Function<String, Answer> answers) {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().aggregate().asString().defaultIfEmpty("")
                        .flatMap(body -> {
                            seen.add(new Seen(request.method().name(), request.uri(),
                                    request.requestHeaders().get("Authorization"), body));
                            Answer answer = answers.apply(request.uri());
                            answer.headers().forEach(response::header);
                            return response.status(answer.status()).header("Content-Type", answer.contentType())
                                    .sendString(Mono.just(answer.body())).then();
                        }))
                .bindNow();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
