package io.accessledger.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The local run's sign-in: pick a demo person (and the roles to act with); the console mints the dev token and keeps
 * it in the session cookie. Refused unless the {@code local} profile is active and the dev secret is set — production
 * signs in with OIDC ({@link OidcSignIn}, authorization code + PKCE, see docs/OPERATIONS.md).
 */
@Component
class LocalSignIn {
    static final Set<String> ROLES = Set.of("IAM", "SECURITY", "COMPLIANCE", "AUDITOR", "ADMIN");
    private static final Pattern EMPLOYEE_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Duration LIFETIME = Duration.ofHours(8);

    private final ConsoleProperties properties;
    private final boolean enabled;
    private final DevTokenMinter minter;

    LocalSignIn(ConsoleProperties properties, Environment environment, Clock clock) {
        this.properties = properties;
        String secret = properties.devJwtSecret();
        this.enabled = environment.acceptsProfiles(Profiles.of("local")) && secret != null && !secret.isBlank();
        this.minter = enabled ? new DevTokenMinter(secret, clock) : null;
    }

    boolean enabled() {
        return enabled;
    }

    /** The demo people, read from the directory file the local run seeds request-service with. */
    Mono<ServerResponse> people(ServerRequest request) {
        if (!enabled) {
            return refused();
        }
        return Mono.fromCallable(() -> Files.readString(Path.of(properties.directoryFile())))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(json -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json))
                .onErrorResume(java.io.IOException.class, e -> Problems.of(HttpStatus.NOT_FOUND,
                        "No demo directory", "The console cannot read " + properties.directoryFile()));
    }

    record SignInForm(String employeeId, List<String> roles) {
    }

    Mono<ServerResponse> signIn(ServerRequest request) {
        if (!enabled) {
            return refused();
        }
        return request.bodyToMono(SignInForm.class)
                .flatMap(form -> {
                    List<String> roles = form.roles() == null ? List.of() : List.copyOf(form.roles());
                    if (form.employeeId() == null || !EMPLOYEE_ID.matcher(form.employeeId()).matches()
                            || !ROLES.containsAll(roles)) {
                        return Problems.of(HttpStatus.BAD_REQUEST, "Invalid sign-in",
                                "Pick an employee id and roles among " + ROLES.stream().sorted().toList());
                    }
                    String token = minter.mint(form.employeeId(), roles, LIFETIME);
                    return ServerResponse.ok()
                            .header(HttpHeaders.SET_COOKIE, Session.holding(token, LIFETIME, secure(request)).toString())
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Map.of("employeeId", form.employeeId(), "roles", roles));
                })
                .switchIfEmpty(Mono.defer(() -> Problems.of(HttpStatus.BAD_REQUEST, "Invalid sign-in",
                        "The body must name an employeeId")))
                .onErrorResume(org.springframework.web.server.ServerWebInputException.class,
                        e -> Problems.of(HttpStatus.BAD_REQUEST, "Invalid sign-in", "The body is not a sign-in form"));
    }

    private static boolean secure(ServerRequest request) {
        return "https".equals(request.uri().getScheme());
    }

    private static Mono<ServerResponse> refused() {
        return Problems.of(HttpStatus.FORBIDDEN, "Local sign-in is off",
                "Demo sign-in needs the 'local' profile and ACCESSLEDGER_DEV_JWT_SECRET; production uses OIDC");
    }
}
