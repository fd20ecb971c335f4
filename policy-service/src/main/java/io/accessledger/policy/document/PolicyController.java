package io.accessledger.policy.document;

import io.accessledger.events.ids.EventId;
import io.accessledger.web.ApiProblem;
import io.accessledger.spine.commands.NewIds;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET/PUT /api/v1/policy} and {@code GET /api/v1/policy/versions}. A PUT accepts YAML or JSON. */
@RestController
public class PolicyController {
    private final CommandGateway commands;
    private final PolicyVersions versions;
    private final PolicyParser parser = new PolicyParser();
    private final Clock clock;

    public PolicyController(CommandGateway commands, PolicyVersions versions, Clock clock) {
        this.commands = commands;
        this.versions = versions;
        this.clock = clock;
    }

    @GetMapping("/api/v1/policy")
    public Mono<PolicyVersions.Active> active() {
        return Blocking.call(() -> versions.active().orElseThrow(() -> ApiProblem.notFound("A published policy")));
    }

    @GetMapping("/api/v1/policy/versions")
    public Mono<List<Map<String, Object>>> versions() {
        return Blocking.call(() -> versions.all().stream().map(v -> Map.<String, Object>of("version", v.version(),
                "publishedAt", v.publishedAt(), "publishedBy", v.publishedBy() == null ? "system" : v.publishedBy(), "summary",
                v.summary())).toList());
    }

    @PutMapping(value = "/api/v1/policy", consumes = {"application/yaml", "application/x-yaml", "text/yaml",
            "application/json", "text/plain"})
    public Mono<Map<String, String>> publish(@RequestBody String body, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (!caller.has(Caller.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("Only ADMIN may publish a policy"));
        }
        return Blocking.call(() -> {
            io.accessledger.events.policy.document.PolicyDocument document;
            try {
                document = parser.parse(body);
            } catch (PolicyParser.InvalidPolicyException e) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-policy", "The policy is not valid",
                        e.getMessage(), e.problems().stream().map(p -> new ApiProblem.FieldProblem(p.path(),
                        (p.line() == null ? "" : "line " + p.line() + ": ") + p.message())).toList());
            }
            String version = commands.sendAndWait(new PolicyBook.PublishPolicy(PolicyBook.ID, document,
                    caller.employeeId(), NewIds.eventId(), clock.instant()));
            return Map.of("version", version);
        });
    }
}
