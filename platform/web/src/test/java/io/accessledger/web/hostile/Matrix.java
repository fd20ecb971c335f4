package io.accessledger.web.hostile;

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
}
