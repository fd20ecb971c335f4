package io.accessledger.provisioning.connectors;

import io.accessledger.events.model.Entitlement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The provisioning targets, {@code accessledger.provisioning.targets.<targetId>} ({@link TargetSettings}). A
 * resource's {@code target} in the policy names one of these keys. Read and checked once, when the service starts
 * ({@link #from}): a target the service could not provision on refuses the start, with the key and the fix, instead
 * of failing every grant later.
 */
public record Targets(Map<String, TargetSettings> targets) {
    public static final String PREFIX = "accessledger.provisioning.targets";
    private static final String GROUP_EXAMPLE = "groups: [{entitlement: \"wiki:edit\", group: wiki-editors}]";

    public Targets {
        Map<String, TargetSettings> named = new LinkedHashMap<>();
        if (targets != null) {
            targets.forEach((id, settings) -> named.put(id, settings.withId(id)));
        }
        targets = Map.copyOf(named);
    }

    public Optional<TargetSettings> target(String targetId) {
        return Optional.ofNullable(targetId == null ? null : targets.get(targetId));
    }

    public String typeOf(String targetId) {
        return target(targetId).map(TargetSettings::type).orElse(null);
    }

    /**
     * The targets as configured, checked against the connectors there are: each has a known {@code type}, what that
     * type needs ({@link Connector#check}), and {@code groups} whose entitlements are {@code resource:level}, each
     * once. {@code groups} is a list of {@code {entitlement, group}} (the form to write), or a map whose keys are in
     * brackets ({@code "[wiki:edit]": wiki-editors}); a map key without {@code :} is what relaxed binding left of an
     * unbracketed one and is refused.
     *
     * @throws InvalidTargets naming every wrong key and its fix
     */
    public static Targets from(Binder binder, Collection<? extends Connector> connectors) {
        Map<String, TargetSettings> bound = binder.bind(PREFIX, Bindable.mapOf(String.class, TargetSettings.class))
                .orElse(Map.of());
        Map<String, Connector> byType = new LinkedHashMap<>();
        connectors.forEach(connector -> byType.put(connector.type(), connector));
        Set<String> types = new TreeSet<>(byType.keySet());
        List<TargetProblem> problems = new ArrayList<>();
        Map<String, TargetSettings> targets = new LinkedHashMap<>();
        bound.forEach((id, settings) -> {
            int before = problems.size();
            TargetSettings target = settings.withId(id).withGroups(groups(binder, id, problems));
            boolean groupsRefused = problems.size() > before;
            Connector connector = target.type() == null ? null : byType.get(target.type().trim());
            if (target.type() == null || target.type().isBlank()) {
                problems.add(TargetProblem.of(id, "type", "is missing", "set type: one of " + String.join(", ", types)));
            } else if (connector == null) {
                problems.add(TargetProblem.of(id, "type", "'" + target.type() + "' is not a connector type",
                        "set type: one of " + String.join(", ", types)));
            } else {
                String noGroups = PREFIX + "." + id + ".groups";
                // Groups that were all refused are not also reported as missing.
                connector.check(target).stream().filter(p -> !(groupsRefused && p.key().equals(noGroups)))
                        .forEach(problems::add);
            }
            problems.addAll(target.needsConcurrency());
            targets.put(id, target);
        });
        if (!problems.isEmpty()) {
            throw new InvalidTargets(problems);
        }
        return new Targets(targets);
    }

    /** A target's {@code groups}, list form first, else the bracketed map form. */
    private static Map<String, String> groups(Binder binder, String id, List<TargetProblem> problems) {
        String key = PREFIX + "." + id + ".groups";
        List<GroupMapping> list;
        try {
            list = binder.bind(key, Bindable.listOf(GroupMapping.class)).orElse(List.of());
        } catch (BindException notAList) {
            list = List.of(); // the map form, whose bracketed keys do not bind as list indexes
        }
        Map<String, String> groups = new LinkedHashMap<>();
        if (!list.isEmpty()) {
            for (int i = 0; i < list.size(); i++) {
                GroupMapping mapping = list.get(i);
                String at = "groups[" + i + "]";
                if (!isEntitlement(mapping.entitlement())) {
                    problems.add(TargetProblem.of(id, at + ".entitlement", mapping.entitlement() == null
                            ? "is missing" : "'" + mapping.entitlement() + "' is not an entitlement (resource:level)",
                            "write the entitlement as the policy names it, quoted: " + GROUP_EXAMPLE));
                } else if (mapping.group() == null || mapping.group().isBlank()) {
                    problems.add(TargetProblem.of(id, at + ".group", "is missing (for " + mapping.entitlement() + ")",
                            "name the target's group: " + GROUP_EXAMPLE));
                } else if (groups.putIfAbsent(mapping.entitlement().trim(), mapping.group().trim()) != null) {
                    problems.add(TargetProblem.of(id, at + ".entitlement", "'" + mapping.entitlement()
                            + "' is mapped twice", "keep one entry per entitlement"));
                }
            }
            return groups;
        }
        Map<String, String> map = binder.bind(key, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        map.forEach((entitlement, group) -> {
            if (!isEntitlement(entitlement)) {
                problems.add(TargetProblem.of(id, "groups." + entitlement, "'" + entitlement
                        + "' is not an entitlement (resource:level): a map key's ':' is dropped by Spring's relaxed"
                        + " binding unless the key is in brackets", "write the list form, " + GROUP_EXAMPLE
                        + ", or bracket the key: groups: {\"[wiki:edit]\": wiki-editors}"));
            } else if (group == null || group.isBlank()) {
                problems.add(TargetProblem.of(id, "groups." + entitlement, "names no group",
                        "name the target's group: " + GROUP_EXAMPLE));
            } else {
                groups.put(entitlement.trim(), group.trim());
            }
        });
        return groups;
    }

    private static boolean isEntitlement(String text) {
        try {
            return text != null && Entitlement.parse(text.trim()) != null;
        } catch (IllegalArgumentException notOne) {
            return false;
        }
    }
}
