package io.accessledger.policy.evaluation;

import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.policy.document.PolicyController;
import io.accessledger.policy.document.PolicyUpload;
import io.accessledger.policy.document.PolicyVersionStore;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/policy/what-if}: the requests evaluated in a period, evaluated again under a draft policy,
 * each with the input it had at the time; answers which verdicts would change, and why. No side effects.
 */
@RestController
public class WhatIfController {
    static final int MAX_REQUESTS = 10_000;
    private final EvaluationLogStore log;
    private final PolicyVersionStore versions;

    public WhatIfController(EvaluationLogStore log, PolicyVersionStore versions) {
        this.log = log;
        this.versions = versions;
    }

    /**
     * {@code draft}: the draft policy document, YAML or JSON, as a string; or {@code version}: a published version
     * (a past one, to see what going back to it would change) — exactly one of the two.
     */
    public record WhatIfBody(String draft, String version, String from, String to) {
    }

    public record Verdict(String policyVersion, String riskLevel, List<String> stages, boolean autoApprovable,
            List<String> findings) {
        static Verdict of(Evaluator.Evaluation e) {
            return new Verdict(e.policyVersion(), e.riskLevel().name(),
                    e.requiredStages().stream().map(Enum::name).toList(), e.autoApprovable(),
                    e.findings().stream().map(f -> f.rule()).distinct().toList());
        }
    }

    public record Difference(String requestId, Instant evaluatedAt, Verdict before, Verdict after, List<String> why) {
    }

    public record Report(Instant from, Instant to, int evaluated, int changed, boolean truncated,
            List<Difference> differences) {
    }

    @PostMapping("/api/v1/policy/what-if")
    public Mono<Report> whatIf(@RequestBody WhatIfBody body, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (!caller.has(Caller.IAM) && !caller.has(Caller.COMPLIANCE) && !caller.has(Caller.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("What-if is for IAM, COMPLIANCE and ADMIN"));
        }
        boolean hasDraft = body != null && body.draft() != null && !body.draft().isBlank();
        boolean hasVersion = body != null && body.version() != null;
        if (hasDraft == hasVersion) {
            return Mono.error(ApiProblem.invalid("draft",
                    "either a draft policy document (YAML or JSON) or a published version is required, not both"));
        }
        Integer version = hasVersion ? PolicyController.versionNumber("version", body.version()) : null;
        Instant from = instant(body.from(), "from", Instant.EPOCH);
        Instant to = instant(body.to(), "to", Instant.parse("9999-12-31T00:00:00Z"));
        return Blocking.call(() -> {
            PolicyDocument draft = version == null ? PolicyUpload.parse(body.draft(), "The draft is not valid")
                    : versions.find(version).orElseThrow(() -> ApiProblem.notFound("Policy version " + version))
                            .document();
            CompiledPolicy compiled = CompiledPolicy.of(
                    draft.withVersion(version == null ? "draft" : String.valueOf(version)));
            List<EvaluationLogStore.Entry> entries = log.between(from, to, MAX_REQUESTS + 1);
            boolean truncated = entries.size() > MAX_REQUESTS;
            List<Difference> differences = new ArrayList<>();
            int evaluated = 0;
            for (EvaluationLogStore.Entry entry : entries.subList(0, Math.min(entries.size(), MAX_REQUESTS))) {
                evaluated++;
                Evaluator.Evaluation after;
                List<String> why;
                if (compiled.resource(entry.input().requested().resourceId()).isEmpty()) {
                    differences.add(new Difference(entry.requestId(), entry.evaluatedAt(), Verdict.of(entry.verdict()),
                            null, List.of("resource removed: " + entry.input().requested().resourceId())));
                    continue;
                }
                after = Evaluator.evaluate(compiled, entry.input());
                why = WhatIf.differences(entry.verdict(), after);
                if (!why.isEmpty()) {
                    differences.add(new Difference(entry.requestId(), entry.evaluatedAt(),
                            Verdict.of(entry.verdict()), Verdict.of(after), why));
                }
            }
            return new Report(from, to, evaluated, differences.size(), truncated, differences);
        });
    }

    private static Instant instant(String text, String field, Instant otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, "'" + text + "' is not an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
    }
}
