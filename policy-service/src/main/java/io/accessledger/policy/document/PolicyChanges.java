package io.accessledger.policy.document;

import io.accessledger.events.policy.document.PolicyDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A human summary of what a new policy version changes, for {@code PolicyPublished.summary}. */
public final class PolicyChanges {
    private PolicyChanges() {
    }

    public static List<String> between(PolicyDocument before, PolicyDocument after) {
        List<String> changes = new ArrayList<>();
        if (before == null) {
            changes.add("first version: " + after.resources().size() + " resources, " + after.profiles().size()
                    + " profiles, " + after.sodRules().size() + " SoD rules");
            return changes;
        }
        compare(changes, "resource", before.resources(), after.resources(), PolicyDocument.Resource::id);
        compare(changes, "sodRule", before.sodRules(), after.sodRules(), PolicyDocument.SodRule::id);
        compare(changes, "profile", before.profiles(), after.profiles(),
                profile -> profile.department() + "/" + profile.jobTitle());
        if (!Objects.equals(before.prerequisites(), after.prerequisites())) {
            changes.add("prerequisites changed");
        }
        if (!Objects.equals(before.reviewCadence(), after.reviewCadence())) {
            changes.add("reviewCadence changed");
        }
        if (!Objects.equals(before.defaultReviewCadence(), after.defaultReviewCadence())) {
            changes.add("defaultReviewCadence changed");
        }
        if (!Objects.equals(before.approval(), after.approval())) {
            changes.add("approval changed");
        }
        if (!Objects.equals(before.autoApprove(), after.autoApprove())) {
            changes.add("autoApprove changed");
        }
        if (changes.isEmpty()) {
            changes.add("no change in content");
        }
        return changes;
    }

    private static <T> void compare(List<String> changes, String kind, List<T> before, List<T> after,
            Function<T, String> key) {
        Map<String, T> old = before.stream().collect(Collectors.toMap(key, t -> t, (a, b) -> a));
        Map<String, T> neu = after.stream().collect(Collectors.toMap(key, t -> t, (a, b) -> a));
        neu.keySet().stream().filter(k -> !old.containsKey(k)).sorted().forEach(k -> changes.add(kind + " added: " + k));
        old.keySet().stream().filter(k -> !neu.containsKey(k)).sorted()
                .forEach(k -> changes.add(kind + " removed: " + k));
        neu.keySet().stream().filter(old::containsKey).filter(k -> !Objects.equals(old.get(k), neu.get(k))).sorted()
                .forEach(k -> changes.add(kind + " changed: " + k));
    }
}
