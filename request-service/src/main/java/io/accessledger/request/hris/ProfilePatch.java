package io.accessledger.request.hris;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.BackgroundCheck;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.request.directory.ProfileChange;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fields of an {@link EmployeeProfile} an HR system said something about, by the profile's field names, as text
 * (enum names, ISO dates, true/false); an empty value clears the field. Fields not named keep their current value.
 */
public record ProfilePatch(Map<String, String> fields) implements ProfileChange {
    public static final Set<String> FIELDS = Set.of("name", "email", "department", "jobTitle", "managerId",
            "employmentType", "status", "securityTrainingCompletedOn", "backgroundCheck", "mfaEnrolled");

    public ProfilePatch {
        for (String field : fields.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("not a profile field: " + field);
            }
        }
        fields = Map.copyOf(fields);
    }

    public static ProfilePatch of(Map<String, String> fields) {
        Map<String, String> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(k, v == null ? "" : v));
        return new ProfilePatch(copy);
    }

    public ProfilePatch with(String field, String value) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.put(field, value == null ? "" : value);
        return new ProfilePatch(copy);
    }

    /** The profile after this patch: the current one (or, for someone new, an active employee) overlaid. */
    @Override
    public EmployeeProfile applyTo(EmployeeId employeeId, EmployeeProfile current) {
        EmployeeProfile base = current != null ? current
                : new EmployeeProfile(employeeId, null, null, null, null, null, EmploymentType.EMPLOYEE,
                        EmploymentStatus.ACTIVE, null, null, null);
        String manager = text("managerId", base.managerId() == null ? null : base.managerId().value());
        String training = text("securityTrainingCompletedOn",
                base.securityTrainingCompletedOn() == null ? null : base.securityTrainingCompletedOn().toString());
        String mfa = text("mfaEnrolled", base.mfaEnrolled() == null ? null : base.mfaEnrolled().toString());
        return new EmployeeProfile(employeeId, text("name", base.name()), text("email", base.email()),
                text("department", base.department()), text("jobTitle", base.jobTitle()),
                manager == null ? null : EmployeeId.of(manager),
                value(EmploymentType.class, text("employmentType", name(base.employmentType()))),
                value(EmploymentStatus.class, text("status", name(base.status()))),
                training == null ? null : LocalDate.parse(training),
                value(BackgroundCheck.class, text("backgroundCheck", name(base.backgroundCheck()))),
                mfa == null ? null : Boolean.valueOf(mfa));
    }

    private String text(String field, String current) {
        if (!fields.containsKey(field)) {
            return current;
        }
        String value = fields.get(field);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static <E extends Enum<E>> E value(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }
}
