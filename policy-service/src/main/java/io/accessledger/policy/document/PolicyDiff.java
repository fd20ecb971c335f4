package io.accessledger.policy.document;

import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.policy.document.PolicyDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What one policy version changes against another, over the document model (not its text): one entry per added,
 * removed or changed element, with a path that names it by its key — {@code resources[crm].sensitivity},
 * {@code resources[crm].levels[admin]}, {@code sodRules[SOD-1]}, {@code profiles[Sales/AE].entitlements},
 * {@code prerequisites.HIGH.mfa}, {@code reviewCadence.LOW}, {@code approval.taskDueAfter}. An element added or removed
 * is one entry carrying it whole; a changed one is one entry per changed field. Lists of values (tags, entitlements,
 * the two sides of an SoD rule) change as a whole. The order is stable: the document's sections in their order, then
 * keys and fields sorted. The version number itself is not content and is never an entry.
 */
public final class PolicyDiff {
    private PolicyDiff() {
    }

    public enum Change { ADDED, REMOVED, CHANGED }

    /**
     * One difference; {@code before} is absent for ADDED, {@code after} for REMOVED. The values are the model's JSON
     * as plain values (text, number, boolean, list, map), so any JSON writer renders them as the document has them.
     */
    public record Entry(String path, Change change, Object before, Object after) {
        static Entry of(String path, Change change, JsonNode before, JsonNode after) {
            return new Entry(path, change, plain(before), plain(after));
        }

        private static Object plain(JsonNode node) {
            return node == null ? null : EventJson.mapper().convertValue(node, Object.class);
        }
    }

    /** The document's sections, in the order the diff lists them. */
    private static final List<String> SECTIONS = List.of("resources", "profiles", "sodRules", "prerequisites",
            "reviewCadence", "defaultReviewCadence", "approval", "autoApprove");

    /** The lists of elements that carry a key of their own, by path pattern: how an element's key is read. */
    private static final Map<String, Function<JsonNode, String>> KEYED = Map.of(
            "resources", node -> node.path("id").asText(),
            "sodRules", node -> node.path("id").asText(),
            "profiles", node -> text(node.get("department")) + "/" + text(node.get("jobTitle")),
            "levels", node -> node.path("name").asText());

    public static List<Entry> between(PolicyDocument from, PolicyDocument to) {
        JsonNode before = EventJson.mapper().valueToTree(from);
        JsonNode after = EventJson.mapper().valueToTree(to);
        List<Entry> entries = new ArrayList<>();
        for (String section : SECTIONS) {
            compare(entries, section, section, before.get(section), after.get(section));
        }
        return entries;
    }

    private static void compare(List<Entry> entries, String path, String field, JsonNode before, JsonNode after) {
        before = absentIfNull(before);
        after = absentIfNull(after);
        if (Objects.equals(before, after)) {
            return;
        }
        if (before == null) {
            entries.add(Entry.of(path, Change.ADDED, null, after));
        } else if (after == null) {
            entries.add(Entry.of(path, Change.REMOVED, before, null));
        } else if (before.isObject() && after.isObject()) {
            TreeSet<String> fields = new TreeSet<>();
            before.fieldNames().forEachRemaining(fields::add);
            after.fieldNames().forEachRemaining(fields::add);
            for (String name : fields) {
                compare(entries, path + "." + name, name, before.get(name), after.get(name));
            }
        } else if (before.isArray() && after.isArray() && KEYED.containsKey(field)) {
            Map<String, JsonNode> old = byKey(before, KEYED.get(field));
            Map<String, JsonNode> neu = byKey(after, KEYED.get(field));
            TreeSet<String> keys = new TreeSet<>(old.keySet());
            keys.addAll(neu.keySet());
            for (String key : keys) {
                compare(entries, path + "[" + key + "]", key, old.get(key), neu.get(key));
            }
        } else {
            entries.add(Entry.of(path, Change.CHANGED, before, after));
        }
    }

    private static Map<String, JsonNode> byKey(JsonNode array, Function<JsonNode, String> key) {
        Map<String, JsonNode> elements = new TreeMap<>();
        for (JsonNode element : array) {
            elements.putIfAbsent(key.apply(element), element);
        }
        return elements;
    }

    private static JsonNode absentIfNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "*" : node.asText();
    }
}
