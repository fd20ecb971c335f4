package io.accessledger.web;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits applied before a request's body is read: a body whose {@code Content-Length} is over
 * {@code spring.http.codecs.max-in-memory-size} is answered 413 without buffering a byte of it (a chunked body is
 * stopped by the codecs at the same size), and the machine-to-machine endpoints ({@code /webhooks/**},
 * {@code /integrations/**}) are rate limited per client address and endpoint with a token bucket
 * ({@code accessledger.web.webhook-rate-limit.capacity}, default 120 requests at once, refilled at
 * {@code .per-second}, default 20): over it, 429 with {@code Retry-After}. Every refusal is RFC 9457 problem+json.
 */
public class EdgeLimits implements WebFilter {
    /** More client/endpoint buckets than this are dropped at once (a scan of many addresses cannot grow memory). */
    static final int MAX_BUCKETS = 10_000;
    private final long maxBodyBytes;
    private final int capacity;
    private final double perSecond;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public EdgeLimits(DataSize maxBody, int capacity, double perSecond, Clock clock) {
        if (capacity < 1 || perSecond <= 0) {
            throw new IllegalStateException("accessledger.web.webhook-rate-limit: capacity must be at least 1 and"
                    + " per-second positive, were " + capacity + " and " + perSecond);
        }
        this.maxBodyBytes = maxBody.toBytes();
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.clock = clock;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long length = request.getHeaders().getContentLength();
        if (maxBodyBytes >= 0 && length > maxBodyBytes) {
            return EdgeSecurity.problem(exchange, HttpStatus.CONTENT_TOO_LARGE, "too-large", "Body too large",
                    "A request body may have at most " + maxBodyBytes + " bytes");
        }
        String path = request.getPath().pathWithinApplication().value();
        if (path.startsWith("/webhooks/") || path.startsWith("/integrations/")) {
            long waitMillis = take(clientOf(request) + " " + path);
            if (waitMillis > 0) {
                long seconds = Math.max(1, (waitMillis + 999) / 1000);
                exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                return EdgeSecurity.problem(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                        "Too many requests", "Too many deliveries from this client; retry after " + seconds + " s");
            }
        }
        return chain.filter(exchange);
    }

    private static String clientOf(ServerHttpRequest request) {
        return request.getRemoteAddress() == null || request.getRemoteAddress().getAddress() == null ? "unknown"
                : request.getRemoteAddress().getAddress().getHostAddress();
    }

    /** Takes a token from the key's bucket: 0 when there was one, else how long until there is. */
    public long take(String key) {
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(capacity, clock.millis())).take(clock.millis());
    }

    /** Tokens refilled continuously at {@code perSecond}, at most {@code capacity}. */
    private final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedAt = now;
        }

        synchronized long take(long now) {
            tokens = Math.min(capacity, tokens + (now - updatedAt) * perSecond / 1000.0);
            updatedAt = Math.max(updatedAt, now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * 1000.0 / perSecond);
        }
    }
}
