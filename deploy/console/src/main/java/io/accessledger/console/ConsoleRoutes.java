package io.accessledger.console;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
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

    /**
     * The headers of every answer, pages, gateway answers and refusals alike; {@code Strict-Transport-Security}
     * ({@code accessledger.console.hsts-max-age}, default 365 days) only when the console is reached over https
     * ({@link #overHttps}), so a plain-HTTP local run never tells a browser to use only https for {@code 127.0.0.1}.
     */
    @Bean
    @Order(-1)
    WebFilter securityHeaders(OidcProperties oidc,
            @Value("${accessledger.console.hsts-max-age:365d}") Duration hstsMaxAge) {
        String hsts = strictTransportSecurity(hstsMaxAge);
        return (exchange, chain) -> {
            exchange.getResponse().beforeCommit(() -> {
                HttpHeaders h = exchange.getResponse().getHeaders();
                h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                h.set("X-Content-Type-Options", "nosniff");
                h.set("Referrer-Policy", "no-referrer");
                h.set("X-Frame-Options", "DENY");
                if (overHttps(exchange.getRequest(), oidc)) {
                    h.set("Strict-Transport-Security", hsts);
                }
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

    /**
     * Whether the browser reached the console over https: the request came over TLS (the console's own
     * {@code server.ssl}, or a scheme Spring resolved from a proxy's forwarded headers because the operator set
     * {@code server.forward-headers-strategy}), or the console's public address — its registered redirect URI, which
     * also makes its cookies Secure — is https, as behind a TLS-terminating ingress. A client's own
     * {@code X-Forwarded-Proto} is never read here: the console trusts no forwarded header by itself (it also decides
     * Secure cookies by its configured address, not by a header).
     */
    static boolean overHttps(ServerHttpRequest request, OidcProperties oidc) {
        return "https".equalsIgnoreCase(request.getURI().getScheme()) || oidc.configured()
                && oidc.redirectUri() != null && "https".equalsIgnoreCase(oidc.redirectUri().getScheme());
    }

    /** The header's value: {@code max-age} in seconds (0 tells browsers to forget an earlier one). */
    static String strictTransportSecurity(Duration maxAge) {
        if (maxAge.isNegative()) {
            throw new IllegalStateException("accessledger.console.hsts-max-age must not be negative, was " + maxAge);
        }
        return "max-age=" + maxAge.toSeconds();
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
