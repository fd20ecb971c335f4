package io.accessledger.events.policy.document;

import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Sensitivity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policy document of contract v1 (CONTRACT.md, {@code examples/policy.yaml}): the entitlement catalog, role
 * profiles, separation-of-duties rules, prerequisites, review cadence, auto-approval bounds and the approval
 * deadline. Published whole in {@code PolicyPublished}, so every service can read the version in force from the log.
 *
 * <p>The optional settings ({@code defaultReviewCadence}, {@code approval.taskDueAfter}) default here and only
 * here ({@link #DEFAULT_REVIEW_CADENCE}, {@link #DEFAULT_TASK_DUE_AFTER}): a document read without them holds the
 * defaults, so each published version records the values it applied.
 */
public record PolicyDocument(
        String version,
        List<Resource> resources,
        List<Profile> profiles,
        List<SodRule> sodRules,
        Map<String, Prerequisite> prerequisites,
        Map<Sensitivity, Duration> reviewCadence,
        AutoApprove autoApprove,
        Duration defaultReviewCadence,
        Approval approval) {

    /** How often a grant is reviewed when {@code reviewCadence} names no cadence for its resource's sensitivity. */
    public static final Duration DEFAULT_REVIEW_CADENCE = Duration.ofDays(365);
    /** How long an approval task stays open before it is escalated, when the document does not say. */
    public static final Duration DEFAULT_TASK_DUE_AFTER = Duration.ofDays(3);

    public PolicyDocument {
        resources = resources == null ? List.of() : List.copyOf(resources);
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
        sodRules = sodRules == null ? List.of() : List.copyOf(sodRules);
        prerequisites = prerequisites == null ? Map.of() : Map.copyOf(prerequisites);
        reviewCadence = reviewCadence == null ? Map.of() : Map.copyOf(reviewCadence);
        defaultReviewCadence = defaultReviewCadence == null ? DEFAULT_REVIEW_CADENCE : defaultReviewCadence;
        approval = approval == null ? new Approval(null) : approval;
    }

    /** A document without the optional settings: they take their defaults. */
    public PolicyDocument(String version, List<Resource> resources, List<Profile> profiles, List<SodRule> sodRules,
            Map<String, Prerequisite> prerequisites, Map<Sensitivity, Duration> reviewCadence,
            AutoApprove autoApprove) {
        this(version, resources, profiles, sodRules, prerequisites, reviewCadence, autoApprove, null, null);
    }

    /** The same document under another version (the one policy-service assigns on publish, or a draft's). */
    public PolicyDocument withVersion(String newVersion) {
        return new PolicyDocument(newVersion, resources, profiles, sodRules, prerequisites, reviewCadence,
                autoApprove, defaultReviewCadence, approval);
    }

    /** How often a grant of a resource of this sensitivity is reviewed: its own cadence, else the default. */
    public Duration reviewCadenceFor(Sensitivity sensitivity) {
        return reviewCadence.getOrDefault(sensitivity, defaultReviewCadence);
    }

    public Optional<Resource> resource(String id) {
        return resources.stream().filter(resource -> resource.id().equals(id)).findFirst();
    }

    /** The standard profile of a position: every profile whose department and job title (where set) match. */
    public List<Entitlement> standardProfile(String department, String jobTitle) {
        return profiles.stream()
                .filter(profile -> profile.department() == null || profile.department().equals(department))
                .filter(profile -> profile.jobTitle() == null || profile.jobTitle().equals(jobTitle))
                .flatMap(profile -> profile.entitlements().stream())
                .distinct()
                .toList();
    }

    /**
     * A resource of the catalog. {@code ownerApproval: true} adds a RESOURCE_OWNER stage (the owner, after the
     * manager) to every request for it.
     */
    public record Resource(String id, String name, String target, String ownerId, Sensitivity sensitivity,
            List<String> tags, List<Level> levels, Duration maxDuration, Boolean ownerApproval) {
        public Resource {
            tags = tags == null ? List.of() : List.copyOf(tags);
            levels = levels == null ? List.of() : List.copyOf(levels);
        }

        public Resource(String id, String name, String target, String ownerId, Sensitivity sensitivity,
                List<String> tags, List<Level> levels, Duration maxDuration) {
            this(id, name, target, ownerId, sensitivity, tags, levels, maxDuration, null);
        }

        public boolean ownerMustApprove() {
            return Boolean.TRUE.equals(ownerApproval) && ownerId != null;
        }

        public Optional<Level> level(String name) {
            return levels.stream().filter(level -> level.name().equals(name)).findFirst();
        }
    }

    public record Level(String name, boolean privileged) {
    }

    public record Profile(String department, String jobTitle, List<Entitlement> entitlements) {
        public Profile {
            entitlements = entitlements == null ? List.of() : List.copyOf(entitlements);
        }
    }

    public record SodRule(String id, String name, Sensitivity severity, List<Entitlement> left,
            List<Entitlement> right, io.accessledger.events.model.Mitigation mitigation) {
        public SodRule {
            left = left == null ? List.of() : List.copyOf(left);
            right = right == null ? List.of() : List.copyOf(right);
        }
    }

    public record Prerequisite(Integer securityTrainingWithinDays, Boolean backgroundCheck, Boolean mfa) {
    }

    public record AutoApprove(Sensitivity inProfileMaxSensitivity) {
    }

    /** How approval runs: {@code taskDueAfter}, how long a task may wait for a decision before it is escalated. */
    public record Approval(Duration taskDueAfter) {
        public Approval {
            taskDueAfter = taskDueAfter == null ? DEFAULT_TASK_DUE_AFTER : taskDueAfter;
        }
    }
}
