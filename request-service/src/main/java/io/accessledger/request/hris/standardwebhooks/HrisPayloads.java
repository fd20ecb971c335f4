package io.accessledger.request.hris.standardwebhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.BackgroundCheck;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
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
 * Generic HRIS worker events in the Standard Webhooks envelope: {@code type} ({@code worker.hired},
 * {@code worker.updated}, {@code worker.transferred}, {@code worker.terminated}), {@code timestamp}, and
 * {@code data} with {@code workerId}, optional {@code effectiveDate} and any of the profile's fields by name
 * ({@code name, email, department, jobTitle, managerId, employmentType, status, securityTrainingCompletedOn,
 * backgroundCheck, mfaEnrolled}). Fields absent keep their value; a field sent as null clears it.
 */
public final class HrisPayloads {
    private HrisPayloads() {
    }

    public static WorkerEvent parse(byte[] body) {
        JsonNode root = Json.read(body);
        String type = Json.text(root, "type");
        JsonNode data = root.get("data");
        if (type == null || data == null || !data.isObject()) {
            throw ApiProblem.invalid("type", "type and data are required");
        }
        String workerId = Json.text(data, "workerId", "employeeId");
        if (workerId == null || workerId.isBlank()) {
            throw ApiProblem.invalid("data.workerId", "data.workerId is required");
        }
        Map<String, String> patch = new LinkedHashMap<>();
        for (String field : ProfilePatch.FIELDS) {
            if (data.has(field)) {
                patch.put(field, Json.text(data, field));
            }
        }
        switch (type) {
            case "worker.hired" -> patch.putIfAbsent("status", "ACTIVE");
            case "worker.terminated" -> patch.put("status", "TERMINATED");
            case "worker.updated", "worker.transferred" -> {
            }
            default -> throw ApiProblem.invalid("type", "unknown worker event type " + type);
        }
        check(patch, "employmentType", EmploymentType.class);
        check(patch, "status", EmploymentStatus.class);
        check(patch, "backgroundCheck", BackgroundCheck.class);
        String effective = Json.text(data, "effectiveDate");
        LocalDate effectiveOn = null;
        if (effective != null) {
            try {
                effectiveOn = LocalDate.parse(effective);
            } catch (DateTimeParseException e) {
                throw ApiProblem.invalid("data.effectiveDate", "effectiveDate must be YYYY-MM-DD");
            }
        }
        String training = patch.get("securityTrainingCompletedOn");
        if (training != null && !training.isBlank()) {
            try {
                LocalDate.parse(training);
            } catch (DateTimeParseException e) {
                throw ApiProblem.invalid("data.securityTrainingCompletedOn", "must be YYYY-MM-DD");
            }
        }
        return new WorkerEvent(EmployeeId.of(workerId.trim()), ProfilePatch.of(patch), effectiveOn);
    }

    private static <E extends Enum<E>> void check(Map<String, String> patch, String field, Class<E> type) {
        String value = patch.get(field);
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
            patch.put(field, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("data." + field, "unknown " + field + " " + value);
        }
    }
}
