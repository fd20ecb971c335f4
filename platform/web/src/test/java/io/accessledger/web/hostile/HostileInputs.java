package io.accessledger.web.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Bad input, as a fixed corpus and as seeded generated mutations of a valid example: malformed JSON, wrong types,
 * missing and unknown fields, deep nesting, huge values, unicode edge cases (NUL, lone surrogates, RTL overrides),
 * injection strings. Deterministic: the same seed gives the same cases, so a failure names a case that can be
 * replayed. {@link #cases()} is {@value #DEFAULT_CASES} generated cases per target unless the system property
 * {@value #CASES_PROPERTY} asks for more (a longer local run: {@code -Daccessledger.fuzz.cases=5000}).
 */
public final class HostileInputs {
    public static final String CASES_PROPERTY = "accessledger.fuzz.cases";
    public static final String SEED_PROPERTY = "accessledger.fuzz.seed";
    public static final int DEFAULT_CASES = 20;
    /** Writes what it generates however deep (Jackson's default stops at 1,000 levels). */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder()
                    .maxNestingDepth(100_000).build()).build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Strings that break naive parsers, loggers, SQL, shells, templates and renderers. */
    public static final List<String> NASTY_STRINGS = List.of(
            "", " ", "\u0000", "E1030\u0000E1041", "\ud800", "\udfff", "a\ud83dz", "\u202eevil\u202c", "\u200b",
            "\ufeffBOM", "\uffff", "' OR '1'='1", "'; DROP TABLE request_view; --", "\"}]}{\"x\":\"",
            "${jndi:ldap://127.0.0.1/x}", "#{7*7}", "{{7*7}}", "<script>alert(1)</script>", "../../etc/passwd",
            "%00%2e%2e%2f", "\r\nX-Injected: 1", "E1030\nE1041", "null", "true", "-1", "1e309", "NaN",
            "x".repeat(70_000), "\u00e9\u0301".repeat(1000), "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67");

    /** Whole bodies that are not the JSON an endpoint reads. */
    public static List<Case> malformedBodies() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("empty body", new byte[0]));
        cases.add(text("truncated object", "{\"a\":"));
        cases.add(text("unterminated string", "{\"a\":\"b"));
        cases.add(text("trailing comma", "{\"a\":1,}"));
        cases.add(text("single quotes", "{'a':'b'}"));
        cases.add(text("comment", "{/* x */}"));
        cases.add(text("bare word", "undefined"));
        cases.add(text("json null", "null"));
        cases.add(text("json number", "42"));
        cases.add(text("json string", "\"hello\""));
        cases.add(text("array instead of object", "[1,2,3]"));
        cases.add(text("object instead of array", "{\"not\":\"a list\"}"));
        cases.add(text("NUL byte in text", "{\"a\":\"\u0000\"}"));
        cases.add(new Case("invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
                '"', '}'}));
        cases.add(new Case("UTF-16 body", "{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_16)));
        cases.add(text("lone surrogate escape", "{\"a\":\"\\ud800\"}"));
        cases.add(text("deep nesting (objects)", "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)));
        cases.add(text("deep nesting (arrays)", "[".repeat(5_000) + "]".repeat(5_000)));
        cases.add(text("huge number", "{\"a\":" + "9".repeat(5_000) + "}"));
        cases.add(text("duplicate keys", "{\"a\":1,\"a\":2}"));
        cases.add(text("many keys", manyKeys(20_000)));
        return cases;
    }

    private static String manyKeys(int count) {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return body.append('}').toString();
    }

    /**
     * Generated mutations of a valid example body: each case changes one or a few fields of it (removed, nulled,
     * given another JSON type, a nasty string, deep nesting, an unknown sibling) or its bytes (truncated, a byte
     * flipped). Deterministic for the seed.
     */
    public static List<Case> mutationsOf(String validJson, long seed, int count) {
        JsonNode valid = read(validJson);
        SplittableRandom random = new SplittableRandom(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cases.add(mutate(valid, validJson.getBytes(StandardCharsets.UTF_8), random, "case " + i + " seed " + seed));
        }
        return cases;
    }

    /** {@link #mutationsOf} with the configured count ({@link #cases()}) and seed ({@link #seed()}). */
    public static List<Case> mutationsOf(String validJson) {
        return mutationsOf(validJson, seed(), cases());
    }

    public static int cases() {
        return Integer.getInteger(CASES_PROPERTY, DEFAULT_CASES);
    }

    public static long seed() {
        return Long.getLong(SEED_PROPERTY, 20261205L);
    }

    private static Case mutate(JsonNode valid, byte[] validBytes, SplittableRandom random, String name) {
        int kind = random.nextInt(10);
        if (kind == 0 && validBytes.length > 1) {
            int cut = random.nextInt(1, validBytes.length);
            return new Case(name + ": truncated at byte " + cut, java.util.Arrays.copyOf(validBytes, cut));
        }
        if (kind == 1) {
            byte[] flipped = validBytes.clone();
            int at = random.nextInt(flipped.length);
            flipped[at] = (byte) random.nextInt(256);
            return new Case(name + ": byte " + at + " replaced", flipped);
        }
        JsonNode copy = valid.deepCopy();
        StringBuilder what = new StringBuilder(name).append(':');
        int edits = 1 + random.nextInt(3);
        for (int edit = 0; edit < edits; edit++) {
            what.append(' ').append(editOne(copy, random));
        }
        try {
            return new Case(what.toString(), JSON.writeValueAsBytes(copy));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Changes one value somewhere in the tree and says what it did. */
    private static String editOne(JsonNode root, SplittableRandom random) {
        List<String> paths = new ArrayList<>();
        List<JsonNode> parents = new ArrayList<>();
        collect(root, "$", paths, parents);
        if (paths.isEmpty()) {
            return "nothing to edit";
        }
        int pick = random.nextInt(paths.size());
        String path = paths.get(pick);
        JsonNode parent = parents.get(pick);
        String key = path.substring(path.lastIndexOf('/') + 1);
        JsonNode replacement;
        String change;
        switch (random.nextInt(8)) {
            case 0 -> {
                if (parent instanceof ObjectNode object) {
                    object.remove(key);
                    return path + " removed";
                }
                replacement = NODES.nullNode();
                change = "null";
            }
            case 1 -> {
                replacement = NODES.nullNode();
                change = "null";
            }
            case 2 -> {
                replacement = otherType(random);
                change = "another type " + replacement.getNodeType();
            }
            case 3, 4 -> {
                String nasty = NASTY_STRINGS.get(random.nextInt(NASTY_STRINGS.size()));
                replacement = NODES.textNode(nasty);
                change = "nasty string #" + NASTY_STRINGS.indexOf(nasty);
            }
            case 5 -> {
                replacement = nested(random.nextInt(200, 900));
                change = "deep nesting";
            }
            case 6 -> {
                if (parent instanceof ObjectNode object) {
                    object.put("unknown" + random.nextInt(1000), "surplus");
                    return path + "'s parent got an unknown field";
                }
                replacement = NODES.textNode("surplus");
                change = "text";
            }
            default -> {
                replacement = NODES.numberNode(random.nextBoolean() ? Long.MIN_VALUE : -1L);
                change = "a negative number";
            }
        }
        if (parent instanceof ObjectNode object) {
            object.set(key, replacement);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(key), replacement);
        }
        return path + " -> " + change;
    }

    private static void collect(JsonNode node, String path, List<String> paths, List<JsonNode> parents) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                paths.add(path + "/" + name);
                parents.add(object);
                collect(object.get(name), path + "/" + name, paths, parents);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                paths.add(path + "/" + i);
                parents.add(array);
                collect(array.get(i), path + "/" + i, paths, parents);
            }
        }
    }

    private static JsonNode otherType(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> NODES.numberNode(random.nextInt());
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.arrayNode().add(1).add("two");
            case 3 -> NODES.objectNode().put("nested", true);
            default -> NODES.numberNode(random.nextDouble() * 1e300);
        };
    }

    private static JsonNode nested(int depth) {
        JsonNode node = NODES.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = NODES.objectNode().set("n", node);
        }
        return node;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a valid example: " + json, e);
        }
    }

    /**
     * One case per text value of the example and per replacement: that value replaced by the replacement, given as
     * a raw JSON string literal (so escapes such as {@code \\u0000} reach the server's parser as written).
     */
    public static List<Case> everyTextFieldAs(String validJson, List<String> rawLiterals) {
        List<Case> cases = new ArrayList<>();
        JsonNode valid = read(validJson);
        List<String> paths = new ArrayList<>();
        List<JsonNode> parents = new ArrayList<>();
        collect(valid, "$", paths, parents);
        for (int i = 0; i < paths.size(); i++) {
            String key = paths.get(i).substring(paths.get(i).lastIndexOf('/') + 1);
            if (!(parents.get(i) instanceof ObjectNode object) || !object.get(key).isTextual()) {
                continue;
            }
            for (String literal : rawLiterals) {
                JsonNode copy = valid.deepCopy();
                String marker = "\u0001marker\u0001";
                ((ObjectNode) at(copy, paths.get(i))).put(key, marker);
                String body = copy.toString().replace(JSON_MARKER, literal);
                cases.add(text(paths.get(i) + " = \"" + literal + "\"", body));
            }
        }
        return cases;
    }

    private static final String JSON_MARKER = "\\u0001marker\\u0001";

    /** The object holding the field at the path ({@code $/a/0/b} → the node at {@code $/a/0}). */
    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        String[] steps = path.substring(2).split("/");
        for (int i = 0; i < steps.length - 1; i++) {
            node = node.isArray() ? node.get(Integer.parseInt(steps[i])) : node.get(steps[i]);
        }
        return node;
    }

    private static Case text(String name, String body) {
        return new Case(name, body.getBytes(StandardCharsets.UTF_8));
    }

    /** One bad input: what it is (to name a failure) and its bytes. */
    public record Case(String name, byte[] body) {
        @Override
        public String toString() {
            return name;
        }
    }
}
