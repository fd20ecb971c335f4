package io.accessledger.request.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.web.ApiProblem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A requested item (sc_req_item) as ServiceNow's outbound REST message or Table API sends it. Reference fields
 * ({@code requested_for}, {@code opened_by}, {@code cat_item}) come as a plain string or as an object
 * ({@code {"value": sys_id, "display_value": ..., "link": ...}}, possibly with dot-walked {@code user_name} /
 * {@code employee_number}); any field may be a {@code {"value", "display_value"}} pair
 * ({@code sysparm_display_value=all}). Catalog variables come under {@code variables} (or as
 * {@code variables.<name>} keys).
 *
 * @param requestedFor the candidate AccessLedger employee ids of the beneficiary, most specific first
 * @param openedBy the candidate employee ids of whoever opened the RITM, most specific first
 */
public record Ritm(String sysId, String number, String state, String catItem, List<String> requestedFor,
        List<String> openedBy, String resourceId, String accessLevel, String justification,
        String accessDuration) {
    static final ObjectMapper MAPPER = new ObjectMapper();

    public static Ritm parse(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : MAPPER.readTree(body);
        } catch (IOException e) {
            throw io.accessledger.web.ApiProblem.invalid("body", "The body is not JSON");
        }
        if (root != null && root.has("result") && root.get("result").isObject()) {
            root = root.get("result");
        }
        if (root == null || !root.isObject()) {
            throw ApiProblem.invalid("body", "A JSON object (the sc_req_item record) is required");
        }
        String textProblem = io.accessledger.web.TextInput.problemIn(root);
        if (textProblem != null) {
            throw ApiProblem.invalid("body", textProblem);
        }
        String sysId = value(root.get("sys_id"));
        if (sysId == null) {
            throw ApiProblem.invalid("sys_id", "sys_id is required");
        }
        JsonNode variables = root.get("variables");
        return new Ritm(sysId, value(root.get("number")), value(root.get("state")), catItem(root.get("cat_item")),
                person(root.get("requested_for")), person(root.get("opened_by")),
                variable(root, variables, "resource_id", "resource"),
                variable(root, variables, "access_level", "level"),
                variable(root, variables, "justification"),
                variable(root, variables, "access_duration", "duration"));
    }

    /** The value of a field: a plain string, or the {@code value} of a {@code {value, display_value}} pair. */
    static String value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            return value(node.get("value"));
        }
        String text = node.asText().strip();
        return text.isEmpty() ? null : text;
    }

    private static String catItem(JsonNode node) {
        if (node != null && node.isObject() && value(node.get("display_value")) != null) {
            return value(node.get("display_value"));
        }
        return value(node);
    }

    private static List<String> person(JsonNode node) {
        List<String> candidates = new ArrayList<>();
        if (node == null || node.isNull()) {
            return candidates;
        }
        if (node.isObject()) {
            for (String field : List.of("employee_number", "user_name", "value", "display_value")) {
                String text = value(node.get(field));
                if (text != null && !candidates.contains(text)) {
                    candidates.add(text);
                }
            }
        } else if (value(node) != null) {
            candidates.add(value(node));
        }
        return candidates;
    }

    private static String variable(JsonNode root, JsonNode variables, String... names) {
        for (String name : names) {
            String found = variables != null && variables.isObject() ? value(variables.get(name)) : null;
            if (found == null) {
                found = value(root.get("variables." + name));
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
