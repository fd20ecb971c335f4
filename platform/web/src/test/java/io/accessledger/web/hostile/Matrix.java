package io.accessledger.web.hostile;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows of a table-driven authorization matrix: an endpoint's expected status for each caller. */
public final class Matrix {
    private Matrix() {
    }

    /**
     * Statuses in the order of {@code callers}, one for each; null leaves a caller out (a row that changes state tries
     * its allowed callers after the table).
     */
    public static Map<String, Integer> statuses(Collection<String> callers, Integer... byCaller) {
        if (byCaller.length != callers.size()) {
            throw new IllegalArgumentException(byCaller.length + " statuses for " + callers.size() + " callers");
        }
        List<String> names = List.copyOf(callers);
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (int i = 0; i < byCaller.length; i++) {
            if (byCaller[i] != null) {
                statuses.put(names.get(i), byCaller[i]);
            }
        }
        return statuses;
    }

    /** Sends one cell's call: {@code method} {@code path} as {@code caller} (a column's name), {@code body} or none. */
    @FunctionalInterface
    public interface Caller {
        HttpResponse<String> send(String method, String path, String caller, String body);
    }

    /**
     * Sends every cell of {@code expected} (endpoint "METHOD path" → caller → status) with the endpoint's body from
     * {@code bodies} (none when absent) and returns what was wrong: a status other than the expected one, or a refusal
     * that is not {@code application/problem+json}. Empty when the table holds.
     */
    public static List<String> wrongAnswers(Map<String, Map<String, Integer>> expected, Map<String, String> bodies,
            Caller caller) {
        List<String> wrong = new ArrayList<>();
        expected.forEach((endpoint, byCaller) -> byCaller.forEach((who, status) -> {
            String[] parts = endpoint.split(" ", 2);
            HttpResponse<String> answer = caller.send(parts[0], parts[1], who, bodies.get(endpoint));
            if (answer.statusCode() != status) {
                wrong.add(endpoint + " as " + who + ": " + answer.statusCode() + ", expected " + status + " "
                        + answer.body());
            }
            if (answer.statusCode() >= 400 && !answer.headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/problem+json")) {
                wrong.add(endpoint + " as " + who + ": a " + answer.statusCode() + " that is not problem+json");
            }
        }));
        return wrong;
    }
}
