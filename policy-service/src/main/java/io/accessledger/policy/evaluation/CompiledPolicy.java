package io.accessledger.policy.evaluation;

import io.accessledger.events.model.Entitlement;
import io.accessledger.events.policy.document.PolicyDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A policy version prepared for fast evaluation, built once per version: resources by id, SoD rules indexed by each
 * entitlement they name (so a request looks at the few rules that mention it, never at all of them), and standard
 * profiles resolved per position on first use. Immutable apart from that cache; safe to share between threads.
 */
public final class CompiledPolicy {
    /** One side of an SoD rule as seen from an entitlement on the other side. */
    public record SodEdge(PolicyDocument.SodRule rule, List<Entitlement> opposite) {
    }

    private final PolicyDocument document;
    private final Map<String, PolicyDocument.Resource> resources = new HashMap<>();
    private final Map<Entitlement, List<SodEdge>> sodIndex = new HashMap<>();
    private final Map<String, Set<Entitlement>> profiles = new ConcurrentHashMap<>();

    private CompiledPolicy(PolicyDocument document) {
        this.document = document;
        for (PolicyDocument.Resource resource : document.resources()) {
            resources.put(resource.id(), resource);
        }
        for (PolicyDocument.SodRule rule : document.sodRules()) {
            for (Entitlement left : rule.left()) {
                sodIndex.computeIfAbsent(left, e -> new ArrayList<>()).add(new SodEdge(rule, rule.right()));
            }
            for (Entitlement right : rule.right()) {
                sodIndex.computeIfAbsent(right, e -> new ArrayList<>()).add(new SodEdge(rule, rule.left()));
            }
        }
    }

    public static CompiledPolicy of(PolicyDocument document) {
        return new CompiledPolicy(document);
    }

    public PolicyDocument document() {
        return document;
    }

    public String version() {
        return document.version();
    }

    public Optional<PolicyDocument.Resource> resource(String id) {
        return Optional.ofNullable(resources.get(id));
    }

    /** The SoD rules that name this entitlement, each with the entitlements it must not be combined with. */
    public List<SodEdge> sodEdges(Entitlement entitlement) {
        return sodIndex.getOrDefault(entitlement, List.of());
    }

    /** The standard profile of a position (every matching profile, merged), resolved once per position. */
    public Set<Entitlement> standardProfile(String department, String jobTitle) {
        String key = department + '\u0000' + jobTitle;
        return profiles.computeIfAbsent(key, k -> Set.copyOf(new LinkedHashSet<>(
                document.standardProfile(department, jobTitle))));
    }
}
