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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET/PUT /api/v1/policy}, {@code GET /api/v1/policy/versions}, one version's document
 * ({@code GET /api/v1/policy/versions/{version}}) and what one version changes against another
 * ({@code GET /api/v1/policy/diff?from=&to=}, {@link PolicyDiff}). A PUT accepts YAML or JSON; the reads are open to
 * every signed-in caller, as the version in force is.
 */
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

    @GetMapping("/api/v1/policy/versions/{version}")
    public Mono<PolicyVersionStore.PublishedVersion> version(@PathVariable("version") String version) {
        int number = versionNumber("version", version);
        return Blocking.call(() -> published(number));
    }

    /** What {@code to} changes against {@code from}, both published versions. */
    public record Diff(String from, String to, List<PolicyDiff.Entry> entries) {
    }

    @GetMapping("/api/v1/policy/diff")
    public Mono<Diff> diff(@RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to) {
        int before = versionNumber("from", from);
        int after = versionNumber("to", to);
        return Blocking.call(() -> new Diff(String.valueOf(before), String.valueOf(after),
                PolicyDiff.between(published(before).document(), published(after).document())));
    }

    private PolicyVersionStore.PublishedVersion published(int number) {
        return versions.find(number).orElseThrow(() -> ApiProblem.notFound("Policy version " + number));
    }

    /** A published version's number as a caller writes it (3), or a 400 problem naming the parameter. */
    public static int versionNumber(String field, String text) {
        if (text == null || !text.matches("[1-9][0-9]{0,8}")) {
            throw ApiProblem.invalid(field, "a policy version number such as 3 is required");
        }
        return Integer.parseInt(text);
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
