package io.accessledger.request.hris;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.TextInput;
import java.io.IOException;

/** Reading webhook bodies tolerantly; a body that is not JSON is a 400. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private Json() {
    }

    public static JsonNode read(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiProblem.invalid("body", "a JSON object is expected");
            }
            return acceptableText(node);
        } catch (IOException e) {
            throw ApiProblem.invalid("body", "the body is not valid JSON");
        }
    }

    /** The tree, when its text can be stored and is Unicode ({@link TextInput}); else a 400. */
    public static JsonNode acceptableText(JsonNode node) {
        String problem = TextInput.problemIn(node);
        if (problem != null) {
            throw ApiProblem.invalid("body", problem);
        }
        return node;
    }

    /** The text of the first of the named fields present and not null, else null. */
    public static String text(JsonNode node, String... names) {
        if (node == null) {
            return null;
        }
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull() && !value.isContainerNode()) {
                return value.asText();
            }
        }
        return null;
    }

    public static boolean hasAny(JsonNode node, String... names) {
        if (node == null) {
            return false;
        }
        for (String name : names) {
            if (node.has(name)) {
                return true;
            }
        }
        return false;
    }
}
