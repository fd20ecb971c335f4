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
import org.springframework.core.annotation.Order;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
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
 * from any OIDC issuer ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}), issued for one of the
 * services' audiences ({@code spring.security.oauth2.resourceserver.jwt.audiences}), or, for the local run, are
 * HS256-signed with {@code ACCESSLEDGER_DEV_JWT_SECRET} by issuer {@value #LOCAL_ISSUER}.
 */
@AutoConfiguration
@EnableWebFluxSecurity
@Import({ProblemHandler.class, SpineAdminController.class})
public class EdgeSecurity {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EdgeSecurity.class);
    public static final String LOCAL_ISSUER = "accessledger-local";
    /** The documented default secret of the local run; any profile but {@code local} refuses to start with it. */
    /** What an API answer may load or be framed by: nothing (it is JSON, never a page). */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
    /**
     * Every token names its caller ({@code sub}, the employee id) and carries its roles as a list: a token without
     * them is not a caller's (it was answered 500 when a controller asked who was calling).
     */
    private static final OAuth2TokenValidator<Jwt> SUBJECT_REQUIRED = new DelegatingOAuth2TokenValidator<>(
            new JwtClaimValidator<Object>("sub", sub -> sub instanceof String text && !text.isBlank()),
            jwt -> jwt.getClaims().get("roles") == null || jwt.getClaims().get("roles") instanceof java.util.Collection<?>
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "roles must be a list", null)));
    public static final String DOCUMENTED_DEV_SECRET = "accessledger-local-dev-secret-do-not-use-in-production";
    /** {@code accessledger.security.id-token-claims}' default: the claims only ID tokens carry. */
    public static final List<String> DEFAULT_ID_TOKEN_CLAIMS = List.of("nonce", "at_hash", "c_hash");

    @Bean
    public SecurityWebFilterChain edgeFilterChain(ServerHttpSecurity http) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                // Spring Security's defaults (nosniff, no-store cache control, frame DENY, HSTS over TLS) plus, for
                // an API that serves no HTML, a CSP that allows nothing and no referrer.
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter
                                        .ReferrerPolicy.NO_REFERRER)))
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
                        .authenticationEntryPoint(EdgeSecurity::unauthenticated)
                        .accessDeniedHandler(EdgeSecurity::forbidden))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(EdgeSecurity::unauthenticated)
                        .accessDeniedHandler(EdgeSecurity::forbidden))
                .build();
    }

    /**
     * Requests Spring Security's firewall rejects (an encoded NUL, slash, percent or period in the path, a
     * malformed header) are answered 400 as a problem, like every other refusal, not with an empty body.
     */
    @Bean
    public org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler rejectedAsProblem() {
        return (exchange, rejected) -> problem(exchange, HttpStatus.BAD_REQUEST, "rejected", "Request rejected",
                "The request's path or headers are not acceptable");
    }

    /** Request bodies' text is Unicode without NUL ({@link TextInput}); Boot adds module beans to its JSON mapper. */
    @Bean
    public tools.jackson.databind.JacksonModule textInput() {
        return TextInput.module();
    }

    /** The HTTP request id ({@code X-Request-Id}): accepted or made, echoed, in the MDC of the call's work. */
    @Bean
    public RequestIds requestIds() {
        return new RequestIds();
    }

    /** Body size and webhook rate limits, after the security filters (so their answers carry its headers too). */
    @Bean
    @Order(-50)
    public EdgeLimits edgeLimits(
            @Value("${spring.http.codecs.max-in-memory-size:256KB}") org.springframework.util.unit.DataSize maxBody,
            @Value("${accessledger.web.webhook-rate-limit.capacity:120}") int capacity,
            @Value("${accessledger.web.webhook-rate-limit.per-second:20}") double perSecond,
            org.springframework.beans.factory.ObjectProvider<
                    org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping> mappings) {
        return new EdgeLimits(maxBody, capacity, perSecond, java.time.Clock.systemUTC(),
                () -> mappings.orderedStream().flatMap(mapping -> mapping.getHandlerMethods().keySet().stream())
                        .flatMap(info -> info.getPatternsCondition().getPatterns().stream()).toList());
    }

    @Bean
    @ConditionalOnMissingBean
    public ReactiveJwtDecoder jwtDecoder(Environment environment,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuerUri,
            @Value("${spring.security.oauth2.resourceserver.jwt.audiences:}") List<String> audiences,
            @Value("${accessledger.security.dev-jwt-secret:${ACCESSLEDGER_DEV_JWT_SECRET:" + DOCUMENTED_DEV_SECRET
                    + "}}") String secret,
            @Value("${accessledger.security.id-token-claims:nonce,at_hash,c_hash}") List<String> idTokenClaims,
            @Value("${accessledger.security.require-at-jwt:false}") boolean requireAtJwt) {
        if (!issuerUri.isBlank()) {
            List<String> ours = audiences.stream().filter(a -> !a.isBlank()).toList();
            if (ours.isEmpty()) {
                throw new IllegalStateException("Refusing to start: with an OIDC issuer the services accept only"
                        + " tokens issued for them. Set spring.security.oauth2.resourceserver.jwt.audiences"
                        + " (SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES) to the audience (aud) the issuer"
                        + " puts in the console's access tokens.");
            }
            NimbusReactiveJwtDecoder decoder = (NimbusReactiveJwtDecoder) ReactiveJwtDecoders
                    .fromIssuerLocation(issuerUri);
            decoder.setJwtValidator(accessTokens(issuerUri, idTokenClaims, requireAtJwt, audience(ours)));
            return decoder;
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
        decoder.setJwtValidator(accessTokens(LOCAL_ISSUER, idTokenClaims, requireAtJwt, jwt -> OAuth2TokenValidatorResult
                .success()));
        return decoder;
    }

    /**
     * What every bearer must be: from the issuer, in its time, for these services ({@code audience}), naming its
     * caller — and an access token. An ID token is signed by the same keys and may name the same audience (when the
     * services' audience is the console's client id), but it says who signed in to a client, not what its bearer may
     * do (OIDC Core 2; RFC 8725 3.11), so it is refused: by a claim only ID tokens carry ({@code idTokenClaims},
     * default {@code nonce}, {@code at_hash}, {@code c_hash} — the console always sends a nonce and OIDC Core 3.1.2.1
     * makes the issuer echo it in the ID token, never in the access token at Entra, Okta or Keycloak 25+), or by
     * Keycloak's own {@code typ: ID} claim. The header's {@code typ} may be absent, {@code JWT} (Keycloak, Entra,
     * Okta) or RFC 9068's {@code at+jwt}; any other explicit type (a logout token, a security event) is refused, and
     * with {@code requireAtJwt} only {@code at+jwt} passes (RFC 9068 4, for issuers that type their access tokens).
     */
    static OAuth2TokenValidator<Jwt> accessTokens(String issuer, List<String> idTokenClaims, boolean requireAtJwt,
            OAuth2TokenValidator<Jwt> audience) {
        JwtTypeValidator type = requireAtJwt ? new JwtTypeValidator("at+jwt", "application/at+jwt")
                : new JwtTypeValidator("JWT", "at+jwt", "application/at+jwt");
        type.setAllowEmpty(!requireAtJwt);
        List<String> marks = idTokenClaims.stream().map(String::trim).filter(claim -> !claim.isEmpty()).toList();
        OAuth2TokenValidator<Jwt> notAnIdToken = jwt -> {
            boolean idToken = marks.stream().anyMatch(jwt::hasClaim)
                    || jwt.getClaims().get("typ") instanceof String typ && typ.equalsIgnoreCase("ID");
            return idToken ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                    "an ID token is not an access token", null)) : OAuth2TokenValidatorResult.success();
        };
        return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithValidators(List.of(
                new JwtIssuerValidator(issuer), type)), audience, notAnIdToken, SUBJECT_REQUIRED);
    }

    /**
     * The token must be issued for these services: its {@code aud} names one of the configured audiences. Every
     * application registered at the same issuer gets tokens signed with the same keys, many with a {@code roles}
     * claim their own owners define and assign (Entra app roles, a Keycloak client's roles): without this check a
     * token another application's owner gave themselves {@code ADMIN} in was accepted here as ADMIN (RFC 9068 4,
     * RFC 8725 3.9).
     */
    private static OAuth2TokenValidator<Jwt> audience(List<String> audiences) {
        return new JwtClaimValidator<List<String>>("aud",
                aud -> aud != null && aud.stream().anyMatch(audiences::contains));
    }

    /** A refused caller is logged (ASVS 16.3.2) with why, never with the token itself. */
    private static Mono<Void> unauthenticated(ServerWebExchange exchange,
            org.springframework.security.core.AuthenticationException e) {
        boolean sent = exchange.getRequest().getHeaders().containsHeader(org.springframework.http.HttpHeaders.AUTHORIZATION);
        log.warn("Refused unauthenticated {} {}: {}", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath().value(), sent ? e.getClass().getSimpleName() : "no token");
        return problem(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                "Send a valid bearer token: Authorization: Bearer <JWT>");
    }

    private static Mono<Void> forbidden(ServerWebExchange exchange,
            org.springframework.security.access.AccessDeniedException e) {
        return exchange.getPrincipal().map(java.security.Principal::getName).defaultIfEmpty("?").flatMap(who -> {
            log.warn("Refused {} {} to {}: not allowed", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), who);
            return problem(exchange, HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
                    "Your roles do not allow this");
        });
    }

    private static AbstractAuthenticationToken authentication(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        Collection<GrantedAuthority> authorities = roles == null ? List.of()
                : roles.stream().<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

    static Mono<Void> problem(ServerWebExchange exchange, HttpStatus status, String slug, String title,
            String detail) {
        exchange.getResponse().setStatusCode(status);
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"urn:accessledger:problem:" + slug + "\",\"title\":\"" + title + "\",\"status\":"
                + status.value() + ",\"detail\":\"" + detail + "\",\"instance\":\""
                + jsonText(exchange.getRequest().getPath().value()) + "\"}";
        return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory()
                .wrap(body.getBytes(StandardCharsets.UTF_8))));
    }


    /** The text escaped for a JSON string (a path may carry a backslash or a control character). */
    private static String jsonText(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
