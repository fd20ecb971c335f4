package io.accessledger.provisioning.sailpoint;

import io.accessledger.web.ApiProblem;

/**
 * One page of an aggregation: {@code offset} (from 0) and {@code limit} (1..{@value #MAX_LIMIT}, default
 * {@value #DEFAULT_LIMIT}), read from the query string so that a malformed value is a 400 problem, never a 5xx.
 */
public record Paging(int offset, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    public static Paging of(String offset, String limit) {
        int from = number("offset", offset, 0);
        int size = number("limit", limit, DEFAULT_LIMIT);
        if (from < 0) {
            throw ApiProblem.invalid("offset", "offset must be 0 or more, got " + from);
        }
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiProblem.invalid("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + size);
        }
        return new Paging(from, size);
    }

    /** The offset of the next page, or null when this page reaches the end: the connector's termination marker. */
    public Integer nextOffset(int total) {
        long next = (long) offset + limit;
        return next < total ? (int) next : null;
    }

    private static int number(String name, String text, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(name, name + " must be a whole number, got '" + text + "'");
        }
    }
}
