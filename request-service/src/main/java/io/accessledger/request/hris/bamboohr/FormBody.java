package io.accessledger.request.hris.bamboohr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code application/x-www-form-urlencoded} body with PHP-style keys ({@code data[changedFields][0]=firstName})
 * read as the JSON tree it encodes, so form and JSON posts share one mapper. Numeric keys become arrays.
 */
final class FormBody {
    private FormBody() {
    }

    static JsonNode read(byte[] body) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            put(root, path(key), value);
        }
        return arrays(root);
    }

    private static List<String> path(String key) {
        List<String> parts = new ArrayList<>();
        int bracket = key.indexOf('[');
        if (bracket < 0) {
            parts.add(key);
            return parts;
        }
        parts.add(key.substring(0, bracket));
        int i = bracket;
        while (i < key.length() && key.charAt(i) == '[') {
            int close = key.indexOf(']', i);
            if (close < 0) {
                break;
            }
            parts.add(key.substring(i + 1, close));
            i = close + 1;
        }
        return parts;
    }

    private static void put(ObjectNode root, List<String> path, String value) {
        ObjectNode node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            JsonNode child = node.get(path.get(i));
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(path.get(i));
            }
            node = (ObjectNode) child;
        }
        node.put(path.get(path.size() - 1), value);
    }

    /** Objects whose keys are all 0..n-1 become arrays. */
    private static JsonNode arrays(JsonNode node) {
        if (!node.isObject()) {
            return node;
        }
        ObjectNode object = (ObjectNode) node;
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            object.set(name, arrays(object.get(name)));
        }
        boolean indexed = !names.isEmpty();
        for (int i = 0; i < names.size() && indexed; i++) {
            indexed = object.has(Integer.toString(i));
        }
        if (!indexed) {
            return object;
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < names.size(); i++) {
            array.add(object.get(Integer.toString(i)));
        }
        return array;
    }
}
