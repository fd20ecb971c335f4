package io.accessledger.web;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.http.server.PathContainer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * Limits applied before a request's body is read: a body whose {@code Content-Length} is over
 * {@code spring.http.codecs.max-in-memory-size} is answered 413 without buffering a byte of it (a chunked body is
 * stopped by the codecs at the same size), and the machine-to-machine endpoints ({@code /webhooks/**},
 * {@code /integrations/**}) are rate limited per client address and endpoint with a token bucket
 * ({@code accessledger.web.webhook-rate-limit.capacity}, default 120 requests at once, refilled at
 * {@code .per-second}, default 20): over it, 429 with {@code Retry-After}. Every refusal is RFC 9457 problem+json.
 *
 * <p>The endpoint is the mapped route the path resolves to ({@code routes}), and every path under those prefixes
 * that resolves to none shares one bucket per client: keyed by the raw path, each junk path had its own bucket, so
 * a client got 120 more deliveries per path, and about 10,000 of them cleared every bucket, its own spent one
 * included. The map holds at most {@value #MAX_BUCKETS} buckets; past that only buckets back at capacity are dropped
 * (a dropped bucket comes back full, so dropping a full one loses nothing, and one still refilling is never handed
 * back fresh), and until some are, new keys share one overflow bucket.
 */
public class EdgeLimits implements WebFilter {
    /** The most client/route buckets kept (a scan of many addresses cannot grow memory). */
    static final int MAX_BUCKETS = 10_000;
    /** How often a full map is scanned for buckets back at capacity (a scan is O(buckets), not per request). */
    private static final long SWEEP_EVERY_MILLIS = 1_000;
    private final long maxBodyBytes;
    private final int capacity;
    private final double perSecond;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Supplier<Collection<PathPattern>> routes;
    private final int maxBuckets;
    private volatile List<PathPattern> webhookRoutes;
    private final Bucket overflow;
    private final AtomicLong lastSweep = new AtomicLong();

    /**
     * @param routes the application's mapped paths, asked once at the first webhook request (the mappings exist by
     *               then); those under {@code /webhooks/} and {@code /integrations/} are the rate-limited routes
     */
    public EdgeLimits(DataSize maxBody, int capacity, double perSecond, Clock clock,
            Supplier<Collection<PathPattern>> routes) {
        this(maxBody, capacity, perSecond, clock, routes, MAX_BUCKETS);
    }

    /** With another bound on the map (tests fill it without 10,000 requests). */
    EdgeLimits(DataSize maxBody, int capacity, double perSecond, Clock clock, Supplier<Collection<PathPattern>> routes,
            int maxBuckets) {
        if (capacity < 1 || perSecond <= 0) {
            throw new IllegalStateException("accessledger.web.webhook-rate-limit: capacity must be at least 1 and"
                    + " per-second positive, were " + capacity + " and " + perSecond);
        }
        this.maxBodyBytes = maxBody.toBytes();
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.clock = clock;
        this.routes = routes;
        this.maxBuckets = maxBuckets;
        this.overflow = new Bucket(capacity, clock.millis());
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
            long waitMillis = take(clientOf(request) + " " + routeOf(request.getPath().pathWithinApplication()));
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

    /** The mapped webhook route the path resolves to, or {@code ?} for every path that resolves to none. */
    private String routeOf(PathContainer path) {
        List<PathPattern> known = webhookRoutes;
        if (known == null) {
            known = routes.get().stream().filter(route -> route.getPatternString().startsWith("/webhooks/")
                    || route.getPatternString().startsWith("/integrations/")).toList();
            webhookRoutes = known;
        }
        return known.stream().filter(route -> route.matches(path)).map(PathPattern::getPatternString).findFirst()
                .orElse("?");
    }

    /** Takes a token from the key's bucket: 0 when there was one, else how long until there is. */
    public long take(String key) {
        long now = clock.millis();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxBuckets) {
                sweep(now);
            }
            bucket = buckets.size() < maxBuckets ? buckets.computeIfAbsent(key, k -> new Bucket(capacity, now))
                    : overflow;
        }
        return bucket.take(now);
    }

    /** Drops the buckets back at capacity, at most once a {@link #SWEEP_EVERY_MILLIS}. */
    private void sweep(long now) {
        long last = lastSweep.get();
        if (now - last >= SWEEP_EVERY_MILLIS && lastSweep.compareAndSet(last, now)) {
            buckets.values().removeIf(bucket -> bucket.fullAt(now));
        }
    }

    /** How many client/route buckets are kept now (the edge suite counts them on a running service). */
    public int buckets() {
        return buckets.size();
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

        /** Refilled to capacity by {@code now}: dropping it and making a new one later changes nothing. */
        synchronized boolean fullAt(long now) {
            return tokens + Math.max(0, now - updatedAt) * perSecond / 1000.0 >= capacity;
        }
    }
}
