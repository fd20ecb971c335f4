package io.accessledger.provisioning.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.http.HttpHeaders;

/**
 * What a target answered: status, headers and the body as text. {@link #json()} reads the body as JSON and never
 * fails (a body that is not JSON reads as a missing node), so connectors can pick fields out of error answers safely.
 */
public record HttpAnswer(int status, HttpHeaders headers, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public HttpAnswer {
        body = body == null ? "" : body;
    }

    public boolean isSuccess() {
        return status / 100 == 2;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        return headers == null ? null : headers.firstValue(name).orElse(null);
    }

    public JsonNode json() {
        if (body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** The body cut to a length fit for a failure's answer. */
    public String shortBody() {
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
