package io.accessledger.request.hris.bamboohr;

import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.request.hris.Json;
import io.accessledger.request.hris.ProfilePatch;
import io.accessledger.request.hris.WorkerEvent;
import io.accessledger.web.ApiProblem;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BambooHR's webhook bodies, JSON or form-encoded: event-based ({@code type: employee.created|updated|deleted},
 * {@code data.employeeId}, {@code data.changedFields}; no field values) and field-based ({@code employees[]} with
 * {@code id}, {@code action}, {@code fields}). Field names are BambooHR's API aliases or their English labels.
 */
public final class BambooHrPayloads {
    private BambooHrPayloads() {
    }

    /**
     * The fields {@link #fields} reads, by their API names: what is asked of BambooHR's API ({@code GET
     * /v1/employees/{id}/?fields=...}) for an employee an event-based payload only names.
     */
    public static final List<String> API_FIELDS = List.of("firstName", "lastName", "preferredName", "workEmail",
            "department", "jobTitle", "supervisorEId", "status", "employmentHistoryStatus", "hireDate",
            "terminationDate");

    /**
     * The worker events a body carries, and the employees it only names (event-based created/updated: the values
     * are fetched from BambooHR's API afterwards, see {@link BambooHrFetches}).
     */
    public record Parsed(List<WorkerEvent> events, List<Named> withoutValues) {
    }

    /** An employee an event-based payload names without values: {@code employee.created} or {@code .updated}. */
    public record Named(String employeeId, String type) {
    }

    public static Parsed parse(byte[] body, String contentType) {
        boolean form = contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        JsonNode root = form ? Json.acceptableText(FormBody.read(body)) : Json.read(body);
        List<WorkerEvent> events = new ArrayList<>();
        List<Named> withoutValues = new ArrayList<>();
        JsonNode employees = root.get("employees");
        if (employees != null && employees.isArray()) {
            for (JsonNode employee : employees) {
                String id = required(Json.text(employee, "id"), "employees[].id");
                String action = Json.text(employee, "action");
                if (action != null && action.equalsIgnoreCase("Deleted")) {
                    events.add(terminated(id));
                } else {
                    events.add(new WorkerEvent(EmployeeId.of(id), fields(employee.get("fields")), null));
                }
            }
            return new Parsed(events, withoutValues);
        }
        String type = Json.text(root, "type");
        JsonNode data = root.get("data");
        if (type == null || data == null) {
            throw ApiProblem.invalid("type", "neither an event-based (type, data) nor a field-based (employees[]) payload");
        }
        String id = required(Json.text(data, "employeeId", "id"), "data.employeeId");
        switch (type) {
            case "employee.deleted" -> events.add(terminated(id));
            case "employee.created", "employee.updated" -> {
                if (data.get("fields") != null && data.get("fields").isObject()) {
                    events.add(new WorkerEvent(EmployeeId.of(id), fields(data.get("fields")), null));
                } else {
                    withoutValues.add(new Named(id, type));
                }
            }
            default -> throw ApiProblem.invalid("type", "unknown BambooHR event type " + type);
        }
        return new Parsed(events, withoutValues);
    }

    /**
     * The worker event for an employee as BambooHR's API answered ({@code GET /v1/employees/{id}/}), mapped as a
     * field-based payload is. A created employee is hired as of their hire date, a terminated one leaves as of their
     * termination date; any other change takes effect now (BambooHR fires effective-dated changes when they take
     * effect). BambooHR's empty date is {@code 0000-00-00}.
     */
    public static WorkerEvent fetched(Named named, JsonNode employee) {
        ProfilePatch patch = fields(employee);
        LocalDate effectiveOn = null;
        if ("TERMINATED".equals(patch.fields().get("status"))) {
            effectiveOn = date(Json.text(employee, "terminationDate"));
        } else if ("employee.created".equals(named.type())) {
            effectiveOn = date(Json.text(employee, "hireDate"));
        }
        return new WorkerEvent(EmployeeId.of(named.employeeId()), patch, effectiveOn);
    }

    private static LocalDate date(String text) {
        if (text == null || text.isBlank() || text.startsWith("0000")) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static WorkerEvent terminated(String id) {
        return new WorkerEvent(EmployeeId.of(id), ProfilePatch.of(Map.of("status", "TERMINATED")), null);
    }

    static ProfilePatch fields(JsonNode fields) {
        Map<String, String> patch = new LinkedHashMap<>();
        if (fields == null || !fields.isObject()) {
            return ProfilePatch.of(patch);
        }
        String first = Json.text(fields, "preferredName", "Preferred Name");
        if (first == null || first.isBlank()) {
            first = Json.text(fields, "firstName", "First Name");
        }
        String last = Json.text(fields, "lastName", "Last Name");
        if (first != null && !first.isBlank() && last != null && !last.isBlank()) {
            patch.put("name", first.trim() + " " + last.trim());
        }
        copy(fields, patch, "email", "workEmail", "Work Email");
        copy(fields, patch, "department", "department", "Department");
        copy(fields, patch, "jobTitle", "jobTitle", "Job Title");
        copy(fields, patch, "managerId", "supervisorEId", "supervisorEid", "Supervisor EID");
        String status = Json.text(fields, "status", "Status");
        if (status != null) {
            patch.put("status", status.equalsIgnoreCase("Inactive") ? "TERMINATED" : "ACTIVE");
        }
        String employment = Json.text(fields, "employmentHistoryStatus", "Employment Status");
        if (employment != null) {
            String e = employment.toLowerCase(Locale.ROOT);
            if (e.contains("terminat")) {
                patch.put("status", "TERMINATED");
            } else if (e.contains("leave")) {
                patch.put("status", "ON_LEAVE");
            } else if (e.contains("contract")) {
                patch.put("employmentType", "CONTRACTOR");
            } else if (!e.isBlank()) {
                patch.put("employmentType", "EMPLOYEE");
            }
        }
        return ProfilePatch.of(patch);
    }

    private static void copy(JsonNode fields, Map<String, String> patch, String target, String... names) {
        if (Json.hasAny(fields, names)) {
            patch.put(target, Json.text(fields, names));
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.invalid(field, field + " is required");
        }
        return value.trim();
    }
}
