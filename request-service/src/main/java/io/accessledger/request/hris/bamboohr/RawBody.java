package io.accessledger.request.hris.bamboohr;

import io.accessledger.web.ApiProblem;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A request's body as the exact bytes sent, whatever its content type. WebFlux answers 415 to {@code @RequestBody
 * byte[]} for {@code application/x-www-form-urlencoded}, which BambooHR may post; signatures need the raw bytes.
 */
final class RawBody {
    static final int MAX_BYTES = 1024 * 1024;

    private RawBody() {
    }

    static Mono<byte[]> read(ServerWebExchange exchange) {
        return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_BYTES).map(buffer -> {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            DataBufferUtils.release(buffer);
            return bytes;
        }).defaultIfEmpty(new byte[0]).onErrorMap(DataBufferLimitException.class,
                e -> new ApiProblem(HttpStatus.valueOf(413), "too-large", "Body too large",
                        "A webhook body may have at most " + MAX_BYTES + " bytes"));
    }
}
