package io.accessledger.request.hris.workday;

import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.request.hris.Json;
import io.accessledger.request.hris.ProfilePatch;
import io.accessledger.request.hris.WorkerEvent;
import io.accessledger.web.ApiProblem;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Worker events from a Workday outbound integration (JSON): {@code eventId} (the business process event's WID),
 * {@code businessProcess} (Hire, Change Job, Transfer, Termination, Rescind), {@code effectiveDate}, and a
 * {@code worker} with {@code workerId}, {@code workerType}, {@code legalName}, {@code preferredName},
 * {@code workEmail}, {@code position {businessTitle, supervisoryOrganization, managerWorkerId}}; a rescind names
 * {@code rescindedEventId}.
 */
public final class WorkdayPayloads {
    private WorkdayPayloads() {
    }

    public enum Kind {
        HIRE, JOB_CHANGE, TERMINATION
    }

    public sealed interface WorkdayEvent {
        String eventId();
    }

    public record Change(String eventId, Kind kind, WorkerEvent event) implements WorkdayEvent {
    }

    public record Rescind(String eventId, String rescindedEventId) implements WorkdayEvent {
    }

    public static WorkdayEvent parse(byte[] body) {
        JsonNode root = Json.read(body);
        String eventId = required(Json.text(root, "eventId"), "eventId");
        String process = required(Json.text(root, "businessProcess", "eventType"), "businessProcess");
        String normalised = process.trim().toUpperCase(Locale.ROOT).replaceAll("[^A-Z]+", "_");
        if (normalised.startsWith("RESCIND")) {
            return new Rescind(eventId, required(Json.text(root, "rescindedEventId"), "rescindedEventId"));
        }
        Kind kind = switch (normalised) {
            case "HIRE", "HIRE_EMPLOYEE", "CONTRACT_CONTINGENT_WORKER" -> Kind.HIRE;
            case "CHANGE_JOB", "JOB_CHANGE", "TRANSFER", "TRANSFER_EMPLOYEE", "PROMOTE_EMPLOYEE" -> Kind.JOB_CHANGE;
            case "TERMINATION", "TERMINATE_EMPLOYEE", "END_CONTINGENT_WORKER_CONTRACT" -> Kind.TERMINATION;
            default -> throw ApiProblem.invalid("businessProcess", "unknown business process " + process);
        };
        LocalDate effective = date(required(Json.text(root, "effectiveDate"), "effectiveDate"));
        JsonNode worker = root.get("worker");
        String workerId = required(Json.text(worker, "workerId"), "worker.workerId");
        Map<String, String> patch = new LinkedHashMap<>();
        if (kind == Kind.TERMINATION) {
            patch.put("status", "TERMINATED");
        } else {
            JsonNode legal = worker.get("legalName");
            String first = Json.text(worker.get("preferredName"), "firstName");
            if (first == null) {
                first = Json.text(legal, "firstName");
            }
            String last = Json.text(worker.get("preferredName"), "lastName");
            if (last == null) {
                last = Json.text(legal, "lastName");
            }
            if (first != null && last != null) {
                patch.put("name", first.trim() + " " + last.trim());
            }
            if (worker.has("workEmail")) {
                patch.put("email", Json.text(worker, "workEmail"));
            }
            String type = Json.text(worker, "workerType");
            if (type != null) {
                patch.put("employmentType", type.toLowerCase(Locale.ROOT).contains("contingent")
                        ? "CONTRACTOR" : "EMPLOYEE");
            }
            JsonNode position = worker.get("position");
            if (position != null) {
                if (position.has("supervisoryOrganization")) {
                    patch.put("department", Json.text(position, "supervisoryOrganization"));
                }
                if (position.has("businessTitle")) {
                    patch.put("jobTitle", Json.text(position, "businessTitle"));
                }
                if (position.has("managerWorkerId")) {
                    patch.put("managerId", Json.text(position, "managerWorkerId"));
                }
            }
            if (kind == Kind.HIRE) {
                patch.put("status", "ACTIVE");
            }
        }
        return new Change(eventId, kind, new WorkerEvent(EmployeeId.of(workerId), ProfilePatch.of(patch), effective));
    }

    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid("effectiveDate", "effectiveDate must be YYYY-MM-DD");
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.invalid(field, field + " is required");
        }
        return value.trim();
    }
}
