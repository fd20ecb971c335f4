package io.accessledger.policy.evaluation;

import io.accessledger.events.model.BackgroundCheck;
import io.accessledger.events.model.ConflictSource;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Finding;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.policy.document.PolicyDocument;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The policy's rules, each a named, pure function of the request, the person and the policy: a finding, or nothing.
 * No clock and no database here; {@code today} comes in.
 */
public final class PolicyRules {
    /** Tags that mark regulated data: access to it needs compliance sign-off. */
    static final Set<String> REGULATED_TAGS = Set.of("SOX", "HIPAA", "SOC2", "PCI", "PCI-DSS", "GDPR");

    private PolicyRules() {
    }

    /** A separation-of-duties collision: the rule, what it collides with, and whether that is held or pending. */
    public record Conflict(PolicyDocument.SodRule rule, Entitlement conflicting, ConflictSource source) {
    }

    /**
     * A resource the version does not describe: a request admitted under an earlier version whose resource a new
     * version removed. Found instead of any other rule (nothing else can be judged without the resource).
     */
    public static Optional<Finding> resourceNotInCatalog(CompiledPolicy policy, Entitlement requested) {
        return policy.resource(requested.resourceId()).isPresent() ? Optional.empty()
                : Optional.of(new Finding("resourceNotInCatalog", Sensitivity.CRITICAL, requested.resourceId()
                        + " is not in the catalog of policy version " + policy.version()
                        + " (removed after the request was made?)"));
    }

    public static Optional<Finding> unknownBeneficiary(EmployeeProfile beneficiary, String beneficiaryId) {
        return beneficiary == null ? Optional.of(new Finding("unknownBeneficiary", Sensitivity.HIGH,
                beneficiaryId + " is not (yet) in the directory")) : Optional.empty();
    }

    public static Optional<Finding> exceedsStandardProfile(PolicyDocument policy, EmployeeProfile beneficiary,
            Entitlement requested) {
        return exceedsStandardProfile(CompiledPolicy.of(policy), beneficiary, requested);
    }

    public static Optional<Finding> exceedsStandardProfile(CompiledPolicy policy, EmployeeProfile beneficiary,
            Entitlement requested) {
        if (beneficiary == null) {
            return Optional.empty();
        }
        if (policy.standardProfile(beneficiary.department(), beneficiary.jobTitle()).contains(requested)) {
            return Optional.empty();
        }
        Sensitivity sensitivity = policy.resource(requested.resourceId()).map(PolicyDocument.Resource::sensitivity)
                .orElse(Sensitivity.MEDIUM);
        return Optional.of(new Finding("exceedsStandardProfile", sensitivity, requested + " is not in the standard "
                + "profile of " + beneficiary.department() + " / " + beneficiary.jobTitle()));
    }

    public static List<Conflict> sodConflicts(PolicyDocument policy, Entitlement requested, Set<Entitlement> held,
            Set<Entitlement> pending) {
        return sodConflicts(CompiledPolicy.of(policy), requested, held, pending);
    }

    /** Looks only at the rules that name the requested entitlement (the policy's SoD index). */
    public static List<Conflict> sodConflicts(CompiledPolicy policy, Entitlement requested, Set<Entitlement> held,
            Set<Entitlement> pending) {
        List<CompiledPolicy.SodEdge> edges = policy.sodEdges(requested);
        if (edges.isEmpty()) {
            return List.of();
        }
        List<Conflict> conflicts = new ArrayList<>();
        for (CompiledPolicy.SodEdge edge : edges) {
            PolicyDocument.SodRule rule = edge.rule();
            for (Entitlement candidate : edge.opposite()) {
                if (held.contains(candidate)) {
                    conflicts.add(new Conflict(rule, candidate, ConflictSource.HELD));
                } else if (pending.contains(candidate)) {
                    conflicts.add(new Conflict(rule, candidate, ConflictSource.PENDING));
                }
            }
        }
        return conflicts;
    }

    public static Optional<Finding> privilegedAccess(PolicyDocument.Resource resource, String level) {
        boolean privileged = resource.level(level).map(PolicyDocument.Level::privileged).orElse(false);
        return privileged ? Optional.of(new Finding("privilegedAccess", Sensitivity.HIGH,
                resource.id() + ":" + level + " is a privileged level")) : Optional.empty();
    }

    public static Optional<Finding> regulatedData(PolicyDocument.Resource resource) {
        List<String> regulated = resource.tags().stream().filter(REGULATED_TAGS::contains).toList();
        return regulated.isEmpty() ? Optional.empty() : Optional.of(new Finding("regulatedData",
                resource.sensitivity(), resource.id() + " holds regulated data (" + String.join(", ", regulated) + ")"));
    }

    /** The strictest prerequisites that apply (privileged, and the resource's sensitivity), checked against the person. */
    public static List<Finding> prerequisitesMissing(PolicyDocument policy, PolicyDocument.Resource resource,
            String level, EmployeeProfile person, LocalDate today) {
        if (person == null) {
            return List.of();
        }
        List<PolicyDocument.Prerequisite> applying = new ArrayList<>();
        if (resource.level(level).map(PolicyDocument.Level::privileged).orElse(false)
                && policy.prerequisites().containsKey("privileged")) {
            applying.add(policy.prerequisites().get("privileged"));
        }
        if (resource.sensitivity() != null && policy.prerequisites().containsKey(resource.sensitivity().name())) {
            applying.add(policy.prerequisites().get(resource.sensitivity().name()));
        }
        Integer trainingDays = applying.stream().map(PolicyDocument.Prerequisite::securityTrainingWithinDays)
                .filter(days -> days != null).min(Integer::compare).orElse(null);
        boolean background = applying.stream().anyMatch(p -> Boolean.TRUE.equals(p.backgroundCheck()));
        boolean mfa = applying.stream().anyMatch(p -> Boolean.TRUE.equals(p.mfa()));
        List<Finding> missing = new ArrayList<>();
        if (trainingDays != null) {
            LocalDate trained = person.securityTrainingCompletedOn();
            if (trained == null || trained.plusDays(trainingDays).isBefore(today)) {
                missing.add(new Finding("prerequisitesMissing", Sensitivity.HIGH, "security training "
                        + (trained == null ? "never completed" : "completed " + trained + ", more than "
                        + trainingDays + " days ago")));
            }
        }
        if (background && person.backgroundCheck() != BackgroundCheck.COMPLETE) {
            missing.add(new Finding("prerequisitesMissing", Sensitivity.HIGH, "background check "
                    + (person.backgroundCheck() == null ? "not started" : person.backgroundCheck())));
        }
        if (mfa && !Boolean.TRUE.equals(person.mfaEnrolled())) {
            missing.add(new Finding("prerequisitesMissing", Sensitivity.HIGH, "MFA not enrolled"));
        }
        return missing;
    }

    public static Optional<Finding> durationAboveMaximum(PolicyDocument.Resource resource, Duration requested) {
        if (resource.maxDuration() == null) {
            return Optional.empty();
        }
        if (requested == null || requested.compareTo(resource.maxDuration()) > 0) {
            return Optional.of(new Finding("durationAboveMaximum", resource.sensitivity(), resource.id()
                    + " may be held for at most " + resource.maxDuration().toDays() + " days; asked "
                    + (requested == null ? "without end" : requested.toDays() + " days")));
        }
        return Optional.empty();
    }
}
