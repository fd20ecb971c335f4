package io.accessledger.console;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

import static org.springframework.web.reactive.function.server.RequestPredicates.DELETE;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;

@Configuration(proxyBeanMethods = false)
class ConsoleRoutes {
    /** A page that runs only its own files: no inline script or style, no framing, no referrer. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
            + "object-src 'none'";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RouterFunction<ServerResponse> routes(LocalSignIn signIn, OidcSignIn oidc, ApiProxy proxy) {
        return RouterFunctions.route(GET("/console/people"), signIn::people)
                .andRoute(GET("/console/sign-in-options"), oidc::options)
                .andRoute(GET("/console/oidc/sign-in"), oidc::start)
                .andRoute(GET(OidcProperties.CALLBACK_PATH), oidc::callback)
                .andRoute(GET("/console/session"), oidc::session)
                .andRoute(POST("/console/session").and(
                        org.springframework.web.reactive.function.server.RequestPredicates.contentType(
                                MediaType.APPLICATION_JSON)), signIn::signIn)
                .andRoute(DELETE("/console/session"), oidc::signOut)
                .andRoute(path("/api/**"), proxy::forward)
                .andRoute(GET("/"), request -> ServerResponse.temporaryRedirect(java.net.URI.create("/index.html"))
                        .build());
    }

    @Bean
    @Order(-1)
    WebFilter securityHeaders() {
        return (exchange, chain) -> {
            exchange.getResponse().beforeCommit(() -> {
                HttpHeaders h = exchange.getResponse().getHeaders();
                h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                h.set("X-Content-Type-Options", "nosniff");
                h.set("Referrer-Policy", "no-referrer");
                h.set("X-Frame-Options", "DENY");
                if (!exchange.getRequest().getPath().value().startsWith("/api/")) {
                    h.setCacheControl("no-store");
                }
                return reactor.core.publisher.Mono.empty();
            });
            return chain.filter(exchange);
        };
    }

    /**
     * Refuses a state-changing request (any method but GET, HEAD, OPTIONS) that another origin's page made the
     * browser send, with a 403 problem, before it reaches a service or the sign-in. The session cookie is
     * SameSite=Strict, which keeps it off other <em>sites'</em> requests only: a sibling subdomain of the console's
     * (an intranet wiki beside {@code access.example.com}) is the same site, and a body-less POST from its page — the
     * completion of a fulfilment task, a grant's retry — needs no CORS preflight. Browsers say where a request comes
     * from: {@code Sec-Fetch-Site} (every current browser), else {@code Origin}, compared with the {@code Host} the
     * request was sent to (as Go's {@code net/http.CrossOriginProtection} does). A request carrying neither is not a
     * browser's page's (curl, a script with its own cookie) and goes on; the console's own page sends same-origin.
     * Ordered after {@link #securityHeaders()}, so the refusal carries those headers too.
     */
    @Bean
    @Order(0)
    WebFilter crossOriginGuard() {
        return (exchange, chain) -> {
            ServerHttpRequest request = exchange.getRequest();
            HttpMethod method = request.getMethod();
            if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)
                    || sameOrigin(request.getHeaders())) {
                return chain.filter(exchange);
            }
            exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
            exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Cross-origin request refused\",\"status\":403,"
                    + "\"detail\":\"Changes are made from the console's own page only\"}")
                    .getBytes(StandardCharsets.UTF_8);
            return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(body)));
        };
    }

    /** Whether the browser says the request comes from the console's own page, or it is no page's at all. */
    static boolean sameOrigin(HttpHeaders headers) {
        String site = headers.getFirst("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin") || site.equals("none");
        }
        String origin = headers.getFirst(HttpHeaders.ORIGIN);
        if (origin == null) {
            return true;
        }
        String host = headers.getFirst(HttpHeaders.HOST);
        try {
            return host != null && host.equalsIgnoreCase(java.net.URI.create(origin).getRawAuthority());
        } catch (IllegalArgumentException notAnOrigin) {
            return false;
        }
    }
}
