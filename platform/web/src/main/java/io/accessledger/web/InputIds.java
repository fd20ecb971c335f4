package io.accessledger.web;

import io.accessledger.events.ids.EmployeeId;

/**
 * Typed ids built from what a client sent: a blank value is the client's mistake, answered 400 naming the field
 * ({@code EmployeeId.of("")} throws {@link IllegalArgumentException}, which the problem handler rightly treats as
 * the service's own failure, 500).
 */
public final class InputIds {
    private InputIds() {
    }

    public static EmployeeId employeeId(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.invalid(field, field + " must name an employee");
        }
        return EmployeeId.of(value);
    }
}
