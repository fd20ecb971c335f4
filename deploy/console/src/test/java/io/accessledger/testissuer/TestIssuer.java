package io.accessledger.testissuer;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.Filter;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * A real, independent OpenID Connect issuer for the console's tests: Spring Authorization Server on Tomcat, on a
 * random port of {@code localhost} (the console runs on {@code 127.0.0.1}, so a cookie jar keeps the two apart as a
 * browser keeps two sites apart). Two clients, both REQUIRING PKCE: {@value #CLIENT_ID}, confidential, and
 * {@value #PUBLIC_CLIENT_ID}, public (no secret), the confidential one also given refresh tokens (rotated at each
 * use); form-login
 * people whose tokens carry the employee id in {@code sub} and the {@code roles} claim the services read. It records
 * every form posted to its token endpoint, so a test can see the {@code code_verifier} the console sent.
 */
public final class TestIssuer implements AutoCloseable {
    public static final String CLIENT_ID = "accessledger-console";
    public static final String CLIENT_SECRET = "console-test-client-secret";
    /** The same console registered as a public client: no secret, PKCE alone binds the code. */
    public static final String PUBLIC_CLIENT_ID = "accessledger-console-public";
    public static final String PASSWORD = "issuer-test-password";

    /** Login name → the employee and roles the issuer's tokens name. */
    public static final Map<String, Employee> PEOPLE = Map.of(
            "chiara", new Employee("E1001", List.of("IAM")),
            "marco", new Employee("E9001", List.of("AUDITOR")));

    public record Employee(String employeeId, List<String> roles) {
    }

    /** What reached the token endpoint (form parameters), in order. */
    public final List<Map<String, String>> tokenRequests;
    private final ConfigurableApplicationContext context;
    public final String issuer;

    private TestIssuer(ConfigurableApplicationContext context, List<Map<String, String>> tokenRequests) {
        this.context = context;
        this.tokenRequests = tokenRequests;
        this.issuer = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** Starts the issuer with the console's client registered for {@code redirectUri}. */
    public static TestIssuer start(String redirectUri, String postLogoutRedirectUri) {
        List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
                .web(WebApplicationType.SERVLET)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("tokenRequestLog", tokenRequests))
                // Its own config name: the console's (test) application.properties are not the issuer's.
                .run("--spring.config.name=test-issuer", "--server.port=0",
                        "--spring.main.web-application-type=servlet", "--spring.main.banner-mode=off",
                        "--test-issuer.redirect-uri=" + redirectUri,
                        "--test-issuer.post-logout-redirect-uri=" + postLogoutRedirectUri);
        return new TestIssuer(context, tokenRequests);
    }

    @Override
    public void close() {
        context.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableWebSecurity
    static class Config {
        @Bean
        @Order(1)
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
            http.securityMatcher(server.getEndpointsMatcher())
                    .with(server, s -> s.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .csrf(c -> c.ignoringRequestMatchers(server.getEndpointsMatcher()))
                    .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
                    .oauth2ResourceServer(rs -> rs.jwt(Customizer.withDefaults()));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain formLogin(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults()).build();
        }

        @Bean
        RegisteredClientRepository clients(Environment environment) {
            RegisteredClient confidential = console(environment, CLIENT_ID)
                    .clientSecret("{noop}" + CLIENT_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC).build();
            RegisteredClient publicClient = console(environment, PUBLIC_CLIENT_ID)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.NONE).build();
            return new InMemoryRegisteredClientRepository(confidential, publicClient);
        }

        private static RegisteredClient.Builder console(Environment environment, String clientId) {
            return RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(clientId)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    // Refresh tokens (Spring Authorization Server gives them to confidential clients only), rotated
                    // at each use, as many issuers do: a spent one is refused.
                    .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                    .tokenSettings(TokenSettings.builder().reuseRefreshTokens(false).build())
                    .redirectUri(environment.getRequiredProperty("test-issuer.redirect-uri"))
                    .postLogoutRedirectUri(environment.getRequiredProperty("test-issuer.post-logout-redirect-uri"))
                    .scope(OidcScopes.OPENID)
                    .scope(OidcScopes.PROFILE)
                    .clientSettings(ClientSettings.builder().requireProofKey(true)
                            .requireAuthorizationConsent(false).build());
        }

        @Bean
        UserDetailsService people() {
            return new org.springframework.security.provisioning.InMemoryUserDetailsManager(PEOPLE.keySet().stream()
                    .map(name -> User.withUsername(name).password("{noop}" + PASSWORD).roles("USER").build())
                    .toList());
        }

        /** The claims the services read: {@code sub} = employee id, {@code roles} = a list (access and ID token). */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> employeeClaims() {
            return context -> {
                Employee employee = PEOPLE.get(context.getPrincipal().getName());
                if (employee != null) {
                    context.getClaims().subject(employee.employeeId()).claim("roles", employee.roles());
                }
            };
        }

        @Bean
        JWKSource<SecurityContext> keys() throws NoSuchAlgorithmException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        @Bean
        JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
            return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        }

        @Bean
        AuthorizationServerSettings settings() {
            return AuthorizationServerSettings.builder().build();
        }

        /** Records each form posted to the token endpoint before the authorization server reads it. */
        @Bean
        @SuppressWarnings("unchecked")
        FilterRegistrationBean<Filter> tokenRequestRecorder(org.springframework.beans.factory.BeanFactory beans) {
            List<Map<String, String>> log = (List<Map<String, String>>) beans.getBean("tokenRequestLog");
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                var http = (jakarta.servlet.http.HttpServletRequest) request;
                if ("POST".equals(http.getMethod()) && http.getRequestURI().equals("/oauth2/token")) {
                    Map<String, String> form = new java.util.LinkedHashMap<>();
                    http.getParameterMap().forEach((name, values) -> form.put(name, values[0]));
                    if (http.getHeader("Authorization") != null) {
                        form.put("(Authorization)", http.getHeader("Authorization").split(" ")[0]);
                    }
                    log.add(form);
                }
                chain.doFilter(request, response);
            });
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }
}
