package io.accessledger.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Text a client may send in a JSON body: no NUL character and no unpaired surrogate. PostgreSQL refuses NUL in text
 * (a 500 when a controller looked the value up, a poisoned event when a read model stored it later) and an
 * unpaired surrogate is not Unicode text at all; both are refused while the body is read, 400 {@code malformed}.
 * Registered for every service's WebFlux codecs by {@link EdgeSecurity}.
 */
public final class TextInput extends StdScalarDeserializer<String> {
    private TextInput() {
        super(String.class);
    }

    /** The Jackson module that reads every {@code String} of a request body through this check. */
    public static SimpleModule module() {
        return new SimpleModule("accessledger-text-input").addDeserializer(String.class, new TextInput());
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
        String value = StringDeserializer.instance.deserialize(parser, context);
        String problem = problemWith(value);
        return problem == null ? value : (String) context.handleWeirdStringValue(String.class, value, problem);
    }

    /**
     * The same check over a JSON tree a webhook parsed itself (every field name and text value): the first problem
     * as {@code path: problem}, or null when there is none.
     */
    public static String problemIn(com.fasterxml.jackson.databind.JsonNode node) {
        return problemIn(node, "$");
    }

    private static String problemIn(com.fasterxml.jackson.databind.JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String problem = problemWith(node.textValue());
            return problem == null ? null : path + ": " + problem;
        }
        if (node.isObject()) {
            for (var fields = node.properties().iterator(); fields.hasNext(); ) {
                var field = fields.next();
                String problem = problemWith(field.getKey());
                if (problem == null) {
                    problem = problemIn(field.getValue(), path + "." + field.getKey());
                } else {
                    problem = path + " (a field name): " + problem;
                }
                if (problem != null) {
                    return problem;
                }
            }
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String problem = problemIn(node.get(i), path + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** What is wrong with the text, or null when nothing is. */
    public static String problemWith(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return "text may not contain a NUL character";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "text may not contain an unpaired surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "text may not contain an unpaired surrogate";
            }
        }
        return null;
    }
}
