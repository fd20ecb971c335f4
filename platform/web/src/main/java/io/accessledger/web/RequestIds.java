package io.accessledger.web;

import io.micrometer.context.ContextRegistry;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The HTTP request id: a caller's {@code X-Request-Id} (letters, digits, {@code . _ : -}, at most 64) is kept, any
 * other is replaced by a new one; it is echoed in the response and, through the Reactor context, is the
 * {@code httpRequestId} of the MDC wherever the call's work logs (with the trace id, when tracing is on).
 */
public class RequestIds implements WebFilter, Ordered {
    public static final String HEADER = "X-Request-Id";
    /** The MDC key (and Reactor context key) of the HTTP request id. */
    public static final String MDC_KEY = "httpRequestId";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    static {
        ContextRegistry.getInstance().registerThreadLocalAccessor(MDC_KEY, () -> MDC.get(MDC_KEY),
                value -> MDC.put(MDC_KEY, value), () -> MDC.remove(MDC_KEY));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String given = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = given != null && ACCEPTED.matcher(given).matches() ? given : UUID.randomUUID().toString();
        exchange.getResponse().getHeaders().set(HEADER, id);
        return chain.filter(exchange).contextWrite(context -> context.put(MDC_KEY, id));
    }

    /** First: even a refused call has its id. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
