package io.accessledger.request.hris.bamboohr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pending-fetch table's contract in memory. */
public final class InMemoryBambooHrFetchStore implements BambooHrFetchStore {
    /** One row of {@code hris_bamboohr_fetch}. */
    public static final class Row {
        public final String deliveryId;
        public final String employeeId;
        public final String type;
        public final Instant receivedAt;
        public String state = "PENDING";
        public int attempts;
        public Instant nextAttemptAt;
        public String lastError;

        Row(String deliveryId, String employeeId, String type, Instant at) {
            this.deliveryId = deliveryId;
            this.employeeId = employeeId;
            this.type = type;
            this.receivedAt = at;
            this.nextAttemptAt = at;
        }
    }

    public final Map<String, Row> rows = new LinkedHashMap<>();

    @Override
    public synchronized void enqueue(String deliveryId, List<BambooHrPayloads.Named> named, Instant at) {
        for (BambooHrPayloads.Named employee : named) {
            rows.putIfAbsent(deliveryId + "|" + employee.employeeId(),
                    new Row(deliveryId, employee.employeeId(), employee.type(), at));
        }
    }

    @Override
    public synchronized List<PendingFetch> lease(Instant now, Duration lease, int limit) {
        List<PendingFetch> due = new ArrayList<>();
        rows.values().stream().filter(r -> r.state.equals("PENDING") && !r.nextAttemptAt.isAfter(now))
                .filter(r -> rows.values().stream().noneMatch(e -> e != r && e.employeeId.equals(r.employeeId)
                        && e.state.equals("PENDING") && e.receivedAt.isBefore(r.receivedAt)))
                .sorted(Comparator.comparing((Row r) -> r.receivedAt)).limit(limit).forEach(r -> {
                    r.nextAttemptAt = now.plus(lease);
                    due.add(new PendingFetch(r.deliveryId, r.employeeId, r.type, r.attempts, r.receivedAt));
                });
        return due;
    }

    @Override
    public synchronized void fetched(PendingFetch fetch, int attempts, Instant at) {
        Row row = row(fetch);
        row.state = "FETCHED";
        row.attempts = attempts;
    }

    @Override
    public synchronized void retry(PendingFetch fetch, int attempts, Instant next, String error) {
        Row row = row(fetch);
        row.attempts = attempts;
        row.nextAttemptAt = next;
        row.lastError = error;
    }

    @Override
    public synchronized void giveUp(PendingFetch fetch, int attempts, String state, String error, Instant at) {
        Row row = row(fetch);
        row.state = state;
        row.attempts = attempts;
        row.lastError = error;
    }

    public synchronized Row only() {
        if (rows.size() != 1) {
            throw new AssertionError("expected one pending fetch, found " + rows.size());
        }
        return rows.values().iterator().next();
    }

    private Row row(PendingFetch fetch) {
        return rows.get(fetch.deliveryId() + "|" + fetch.employeeId());
    }
}
