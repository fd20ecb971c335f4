package io.accessledger.policy.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.policy.document.PolicyDocument;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a policy document, YAML or JSON (JSON is YAML), strictly: unknown keys are refused with their path and
 * line, and every reference (profiles, SoD rules) must name a resource level that exists.
 */
public final class PolicyParser {
    private static final Set<String> PREREQUISITE_KEYS = Set.of("privileged", "LOW", "MEDIUM", "HIGH", "CRITICAL");
    private final ObjectMapper yaml = YAMLMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** One thing wrong with a document: where (path and line) and what. */
    public record Problem(String path, Integer line, String message) {
        @Override
        public String toString() {
            return (line == null ? "" : "line " + line + ", ") + path + ": " + message;
        }
    }

    public static final class InvalidPolicyException extends RuntimeException {
        private final List<Problem> problems;

        InvalidPolicyException(List<Problem> problems) {
            super("The policy document is not valid: " + problems.stream().map(Problem::toString)
                    .collect(Collectors.joining("; ")));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    public PolicyDocument parse(String text) {
        PolicyDocument document;
        try {
            document = yaml.readValue(text, PolicyDocument.class);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            Integer line = lineOf(text, e.getPath()).orElse(e.getLocation() == null ? null : e.getLocation().getLineNr());
            throw new InvalidPolicyException(List.of(new Problem(path.isEmpty() ? "$" : path, line,
                    e.getOriginalMessage().split("\n")[0].replaceAll(" \\(class [^)]*\\)", ""))));
        } catch (JsonProcessingException e) {
            Integer line = e.getLocation() == null ? null : e.getLocation().getLineNr();
            throw new InvalidPolicyException(List.of(new Problem("$", line, e.getOriginalMessage())));
        }
        if (document == null) {
            throw new InvalidPolicyException(List.of(new Problem("$", null, "the document is empty")));
        }
        List<Problem> problems = validate(document);
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        return document;
    }

    /**
     * The line where the value at {@code path} starts. Jackson reports record errors where the enclosing object ends
     * (it buffers properties to call the constructor), so the path is looked up again in the token stream.
     */
    private java.util.Optional<Integer> lineOf(String text, List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
        }
        if (pointer.length() == 0) {
            return java.util.Optional.empty();
        }
        String wanted = pointer.toString();
        try (com.fasterxml.jackson.core.JsonParser parser = yaml.getFactory().createParser(text)) {
            for (com.fasterxml.jackson.core.JsonToken token = parser.nextToken(); token != null;
                    token = parser.nextToken()) {
                boolean named = token == com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
                boolean element = !named && parser.getParsingContext().getParent() != null
                        && parser.getParsingContext().inArray();
                if ((named || element) && parser.getParsingContext().pathAsPointer().toString().equals(wanted)) {
                    return java.util.Optional.of(parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (java.io.IOException ignored) {
            // the document already failed to parse; keep Jackson's own location
        }
        return java.util.Optional.empty();
    }

    static List<Problem> validate(PolicyDocument document) {
        List<Problem> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<Entitlement> known = new HashSet<>();
        for (int i = 0; i < document.resources().size(); i++) {
            PolicyDocument.Resource r = document.resources().get(i);
            String at = "resources[" + i + "]";
            if (r.id() == null || r.id().isBlank() || r.id().contains(":")) {
                problems.add(new Problem(at + ".id", null, "a resource needs an id without ':'"));
                continue;
            }
            if (!ids.add(r.id())) {
                problems.add(new Problem(at + ".id", null, "duplicate resource id '" + r.id() + "'"));
            }
            if (r.sensitivity() == null) {
                problems.add(new Problem(at + ".sensitivity", null, "required: LOW, MEDIUM, HIGH or CRITICAL"));
            }
            if (r.target() == null || r.target().isBlank()) {
                problems.add(new Problem(at + ".target", null, "required: a provisioning target id"));
            }
            if (r.levels().isEmpty()) {
                problems.add(new Problem(at + ".levels", null, "a resource needs at least one level"));
            }
            if (r.maxDuration() != null && !isPositive(r.maxDuration())) {
                problems.add(new Problem(at + ".maxDuration", null, "must be positive"));
            }
            for (PolicyDocument.Level level : r.levels()) {
                known.add(new Entitlement(r.id(), level.name()));
            }
        }
        for (int i = 0; i < document.profiles().size(); i++) {
            List<Entitlement> entitlements = document.profiles().get(i).entitlements();
            for (int j = 0; j < entitlements.size(); j++) {
                if (!known.contains(entitlements.get(j))) {
                    problems.add(new Problem("profiles[" + i + "].entitlements[" + j + "]", null,
                            "'" + entitlements.get(j) + "' is not a level of any resource"));
                }
            }
        }
        Set<String> ruleIds = new HashSet<>();
        for (int i = 0; i < document.sodRules().size(); i++) {
            PolicyDocument.SodRule rule = document.sodRules().get(i);
            String at = "sodRules[" + i + "]";
            if (rule.id() == null || !ruleIds.add(rule.id())) {
                problems.add(new Problem(at + ".id", null, "a rule needs a unique id"));
            }
            if (rule.severity() == null || rule.mitigation() == null) {
                problems.add(new Problem(at, null, "severity and mitigation are required"));
            }
            if (rule.left().isEmpty() || rule.right().isEmpty()) {
                problems.add(new Problem(at, null, "left and right must each name at least one entitlement"));
            }
            for (String side : List.of("left", "right")) {
                List<Entitlement> list = side.equals("left") ? rule.left() : rule.right();
                for (int j = 0; j < list.size(); j++) {
                    if (!known.contains(list.get(j))) {
                        problems.add(new Problem(at + "." + side + "[" + j + "]", null,
                                "'" + list.get(j) + "' is not a level of any resource"));
                    }
                }
            }
        }
        for (String key : document.prerequisites().keySet()) {
            if (!PREREQUISITE_KEYS.contains(key)) {
                problems.add(new Problem("prerequisites." + key, null,
                        "keys are 'privileged' or a sensitivity (LOW, MEDIUM, HIGH, CRITICAL)"));
            }
        }
        for (Sensitivity sensitivity : document.reviewCadence().keySet()) {
            if (document.reviewCadence().get(sensitivity).isNegative()) {
                problems.add(new Problem("reviewCadence." + sensitivity, null, "must be positive"));
            }
        }
        if (!isPositive(document.defaultReviewCadence())) {
            problems.add(new Problem("defaultReviewCadence", null, "must be positive"));
        }
        if (!isPositive(document.approval().taskDueAfter())) {
            problems.add(new Problem("approval.taskDueAfter", null, "must be positive"));
        }
        return problems;
    }

    private static boolean isPositive(java.time.Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
