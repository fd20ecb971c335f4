package io.accessledger.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoders;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The HTTP edge of every service: {@code /api/**} needs a bearer JWT ({@code sub} = employee id, {@code roles});
 * health, info, prometheus and the OpenAPI document are open; webhooks verify their own signatures. Tokens come
 * from any OIDC issuer ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}) or, for the local run, are
 * HS256-signed with {@code ACCESSLEDGER_DEV_JWT_SECRET} by issuer {@value #LOCAL_ISSUER}.
 */
@AutoConfiguration
@EnableWebFluxSecurity
@Import({ProblemHandler.class, SpineAdminController.class})
public class EdgeSecurity {
    public static final String LOCAL_ISSUER = "accessledger-local";
    /** The documented default secret of the local run; any profile but {@code local} refuses to start with it. */
    public static final String DOCUMENTED_DEV_SECRET = "accessledger-local-dev-secret-do-not-use-in-production";

    @Bean
    public SecurityWebFilterChain edgeFilterChain(ServerHttpSecurity http) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .authorizeExchange(exchange -> exchange
                        .pathMatchers("/actuator/health/**", "/actuator/health", "/actuator/info",
                                "/actuator/prometheus", "/v3/api-docs/**", "/v3/api-docs").permitAll()
                        .pathMatchers("/webhooks/**", "/integrations/**").permitAll()
                        .pathMatchers("/api/**").authenticated()
                        .anyExchange().denyAll())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(EdgeSecurity::authentication)))
                        .authenticationEntryPoint((exchange, e) -> problem(exchange, HttpStatus.UNAUTHORIZED,
                                "unauthenticated", "Authentication required",
                                "Send a valid bearer token: Authorization: Bearer <JWT>"))
                        .accessDeniedHandler((exchange, e) -> problem(exchange, HttpStatus.FORBIDDEN, "forbidden",
                                "Not allowed", "Your roles do not allow this")))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, e) -> problem(exchange, HttpStatus.UNAUTHORIZED,
                                "unauthenticated", "Authentication required",
                                "Send a valid bearer token: Authorization: Bearer <JWT>"))
                        .accessDeniedHandler((exchange, e) -> problem(exchange, HttpStatus.FORBIDDEN, "forbidden",
                                "Not allowed", "Your roles do not allow this")))
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    public ReactiveJwtDecoder jwtDecoder(Environment environment,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuerUri,
            @Value("${accessledger.security.dev-jwt-secret:${ACCESSLEDGER_DEV_JWT_SECRET:" + DOCUMENTED_DEV_SECRET
                    + "}}") String secret) {
        if (!issuerUri.isBlank()) {
            return ReactiveJwtDecoders.fromIssuerLocation(issuerUri);
        }
        boolean local = Arrays.asList(environment.getActiveProfiles()).contains("local");
        if (DOCUMENTED_DEV_SECRET.equals(secret) && !local) {
            throw new IllegalStateException("Refusing to start: the documented local-run JWT secret is only allowed"
                    + " with the 'local' profile. Configure an OIDC issuer"
                    + " (spring.security.oauth2.resourceserver.jwt.issuer-uri) or your own ACCESSLEDGER_DEV_JWT_SECRET.");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("ACCESSLEDGER_DEV_JWT_SECRET must be at least 32 bytes for HS256");
        }
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
                .withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(LOCAL_ISSUER)));
        return decoder;
    }

    private static AbstractAuthenticationToken authentication(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        Collection<GrantedAuthority> authorities = roles == null ? List.of()
                : roles.stream().<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

    private static Mono<Void> problem(ServerWebExchange exchange, HttpStatus status, String slug, String title,
            String detail) {
        exchange.getResponse().setStatusCode(status);
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"urn:accessledger:problem:" + slug + "\",\"title\":\"" + title + "\",\"status\":"
                + status.value() + ",\"detail\":\"" + detail + "\",\"instance\":\""
                + exchange.getRequest().getPath().value().replace("\"", "") + "\"}";
        return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory()
                .wrap(body.getBytes(StandardCharsets.UTF_8))));
    }

}
