package io.accessledger.web;

import io.accessledger.events.ids.EmployeeId;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;

/** Who is calling: the token's {@code sub} (an employee id) and its {@code roles} claim. */
public record Caller(EmployeeId employeeId, Set<String> roles) {
    public static final String IAM = "IAM";
    public static final String SECURITY = "SECURITY";
    public static final String COMPLIANCE = "COMPLIANCE";
    public static final String AUDITOR = "AUDITOR";
    public static final String ADMIN = "ADMIN";

    public static Caller of(Authentication authentication) {
        Jwt jwt = (Jwt) authentication.getPrincipal();
        List<String> roles = jwt.getClaimAsStringList("roles");
        return new Caller(EmployeeId.of(jwt.getSubject()),
                roles == null ? Set.of() : roles.stream().collect(Collectors.toUnmodifiableSet()));
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
