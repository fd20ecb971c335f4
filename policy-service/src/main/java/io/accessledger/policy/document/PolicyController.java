package io.accessledger.policy.document;

import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.spine.ids.NewIds;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
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
    private final PolicyVersionStore versions;
    private final Clock clock;

    public PolicyController(CommandGateway commands, PolicyVersionStore versions, Clock clock) {
        this.commands = commands;
        this.versions = versions;
        this.clock = clock;
    }

    /** One entry of {@code GET /api/v1/policy/versions}; {@code publishedBy} is {@code system} for the initial file. */
    public record VersionEntry(String version, Instant publishedAt, String publishedBy, List<String> summary) {
        static VersionEntry of(PolicyVersionStore.VersionSummary v) {
            return new VersionEntry(v.version(), v.publishedAt(), v.publishedBy() == null ? "system" : v.publishedBy(),
                    v.summary());
        }
    }

    /** The answer to a publication. */
    public record Published(String version) {
    }

    @GetMapping("/api/v1/policy")
    public Mono<PolicyVersionStore.PublishedVersion> active() {
        return Blocking.call(() -> versions.active().orElseThrow(() -> ApiProblem.notFound("A published policy")));
    }

    @GetMapping("/api/v1/policy/versions")
    public Mono<List<VersionEntry>> versions() {
        return Blocking.call(() -> versions.all().stream().map(VersionEntry::of).toList());
    }

    @PutMapping(value = "/api/v1/policy", consumes = {"application/yaml", "application/x-yaml", "text/yaml",
            "application/json", "text/plain"})
    public Mono<Published> publish(@RequestBody String body, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (!caller.has(Caller.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("Only ADMIN may publish a policy"));
        }
        return Blocking.call(() -> {
            PolicyDocument document = PolicyUpload.parse(body, "The policy is not valid");
            String version = commands.sendAndWait(new PolicyBook.PublishPolicy(PolicyBook.ID, document,
                    caller.employeeId(), NewIds.eventId(), clock.instant()));
            return new Published(version);
        });
    }
}
