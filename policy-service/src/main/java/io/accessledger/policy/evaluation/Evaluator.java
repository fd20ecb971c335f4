package io.accessledger.policy.evaluation;

import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Finding;
import io.accessledger.events.model.Mitigation;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.Stage;
import io.accessledger.events.policy.document.PolicyDocument;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Runs every rule over one request and derives the risk, the required stages and auto-approvability. */
public final class Evaluator {
    private Evaluator() {
    }

    /** What is evaluated: the request and the person, with what they hold and have in flight. */
    public record Input(String beneficiaryId, EmployeeProfile beneficiary, Entitlement requested,
            Duration requestedDuration, Set<Entitlement> held, Set<Entitlement> pending, LocalDate today) {
    }

    /**
     * The verdict: what {@code PolicyEvaluated} and the {@code ConflictFlagged}s carry, with the version's settings
     * resolved for this request ({@code reviewCadence} of the resource's sensitivity, {@code taskDueAfter}).
     */
    public record Evaluation(String policyVersion, ResourceSnapshot resource, List<Finding> findings,
            List<PolicyRules.Conflict> conflicts, Sensitivity riskLevel, List<Stage> requiredStages,
            boolean autoApprovable, Duration maxDuration, Duration reviewCadence, Duration taskDueAfter) {
    }

    public static Evaluation evaluate(PolicyDocument policy, Input input) {
        return evaluate(CompiledPolicy.of(policy), input);
    }

    public static Evaluation evaluate(CompiledPolicy compiled, Input input) {
        PolicyDocument policy = compiled.document();
        Optional<Finding> notInCatalog = PolicyRules.resourceNotInCatalog(compiled, input.requested());
        if (notInCatalog.isPresent()) {
            return notInCatalog(policy, input.requested(), notInCatalog.get());
        }
        PolicyDocument.Resource resource = compiled.resource(input.requested().resourceId()).orElseThrow();
        String level = input.requested().level();
        List<Finding> findings = new ArrayList<>();
        PolicyRules.unknownBeneficiary(input.beneficiary(), input.beneficiaryId()).ifPresent(findings::add);
        PolicyRules.exceedsStandardProfile(compiled, input.beneficiary(), input.requested()).ifPresent(findings::add);
        List<PolicyRules.Conflict> conflicts = PolicyRules.sodConflicts(compiled, input.requested(), input.held(),
                input.pending());
        for (PolicyRules.Conflict conflict : conflicts) {
            findings.add(new Finding("sodConflict", conflict.rule().severity(), conflict.rule().id() + ": "
                    + input.requested() + " collides with " + conflict.source().name().toLowerCase() + " "
                    + conflict.conflicting() + " (" + conflict.rule().mitigation() + ")"));
        }
        PolicyRules.privilegedAccess(resource, level).ifPresent(findings::add);
        PolicyRules.regulatedData(resource).ifPresent(findings::add);
        findings.addAll(PolicyRules.prerequisitesMissing(policy, resource, level, input.beneficiary(), input.today()));
        PolicyRules.durationAboveMaximum(resource, input.requestedDuration()).ifPresent(findings::add);

        boolean privileged = resource.level(level).map(PolicyDocument.Level::privileged).orElse(false);
        Sensitivity risk = resource.sensitivity();
        for (Finding finding : findings) {
            if (finding.severity() != null && finding.severity().compareTo(risk) > 0) {
                risk = finding.severity();
            }
        }
        Set<String> rules = new java.util.HashSet<>(8);
        for (Finding finding : findings) {
            rules.add(finding.rule());
        }
        EnumSet<Stage> stages = EnumSet.of(Stage.MANAGER);
        if (resource.ownerMustApprove()) {
            stages.add(Stage.RESOURCE_OWNER);
        }
        if (rules.contains("exceedsStandardProfile") || rules.contains("sodConflict")
                || rules.contains("unknownBeneficiary") || rules.contains("durationAboveMaximum")) {
            stages.add(Stage.IAM);
        }
        if (privileged || resource.sensitivity().compareTo(Sensitivity.HIGH) >= 0
                || rules.contains("prerequisitesMissing")) {
            stages.add(Stage.SECURITY);
        }
        boolean exceptionSought = conflicts.stream()
                .anyMatch(c -> c.rule().mitigation() == Mitigation.EXCEPTION_BY_COMPLIANCE);
        if (rules.contains("regulatedData") || exceptionSought) {
            stages.add(Stage.COMPLIANCE);
        }
        Sensitivity autoBound = policy.autoApprove() == null ? null : policy.autoApprove().inProfileMaxSensitivity();
        boolean autoApprovable = findings.isEmpty() && !privileged && autoBound != null
                && resource.sensitivity().compareTo(autoBound) <= 0;
        ResourceSnapshot snapshot = new ResourceSnapshot(resource.id(), resource.name(), resource.target(),
                resource.ownerId() == null ? null : io.accessledger.events.ids.EmployeeId.of(resource.ownerId()),
                resource.sensitivity(), resource.tags(), privileged);
        return new Evaluation(policy.version(), snapshot, List.copyOf(findings), List.copyOf(conflicts), risk,
                List.copyOf(stages), autoApprovable, resource.maxDuration(),
                policy.reviewCadenceFor(resource.sensitivity()), policy.approval().taskDueAfter());
    }

    /**
     * The verdict on a resource the version does not describe: never auto-approvable, judged by people (IAM, and
     * SECURITY as for any resource of unknown — so assumed CRITICAL — sensitivity) who will most likely deny it. The
     * snapshot names only the resource id: the version has nothing else to say about it.
     */
    private static Evaluation notInCatalog(PolicyDocument policy, Entitlement requested, Finding finding) {
        ResourceSnapshot snapshot = new ResourceSnapshot(requested.resourceId(), requested.resourceId(), null, null,
                Sensitivity.CRITICAL, List.of(), false);
        return new Evaluation(policy.version(), snapshot, List.of(finding), List.of(), Sensitivity.CRITICAL,
                List.of(Stage.MANAGER, Stage.IAM, Stage.SECURITY), false, null,
                policy.reviewCadenceFor(Sensitivity.CRITICAL), policy.approval().taskDueAfter());
    }
}
