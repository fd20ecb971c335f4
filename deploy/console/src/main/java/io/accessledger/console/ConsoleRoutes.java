package io.accessledger.console;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

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
}
