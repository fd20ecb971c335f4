package io.accessledger.console;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A real HTTP server standing in for one service: records what reached it and answers as a service would. */
final class StubService implements AutoCloseable {
    record Seen(String method, String uri, String authorization, String body) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final DisposableServer server;

    StubService(int status, String contentType, String answer) {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().aggregate().asString().defaultIfEmpty("")
                        .flatMap(body -> {
                            seen.add(new Seen(request.method().name(), request.uri(),
                                    request.requestHeaders().get("Authorization"), body));
                            return response.status(status).header("Content-Type", contentType)
                                    .sendString(Mono.just(answer)).then();
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
