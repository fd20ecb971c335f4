package io.accessledger.request.directory;

import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What a new directory record means compared with what we knew: the rule behind every identity event. */
public sealed interface DirectoryChange {
    record Hired() implements DirectoryChange {
    }

    record Unchanged() implements DirectoryChange {
    }

    record Terminated() implements DirectoryChange {
    }

    /**
     * Department, job title or manager changed: {@code EmployeeTransferred} (whether the position moved is its
     * {@code positionChanged()}).
     */
    record Transferred() implements DirectoryChange {
    }

    record Updated(List<String> changedFields) implements DirectoryChange {
    }

    static DirectoryChange between(EmployeeProfile known, EmployeeProfile incoming) {
        if (known == null) {
            return new Hired();
        }
        if (incoming.status() == EmploymentStatus.TERMINATED && known.status() != EmploymentStatus.TERMINATED) {
            return new Terminated();
        }
        if (!Objects.equals(known.department(), incoming.department())
                || !Objects.equals(known.jobTitle(), incoming.jobTitle())
                || !Objects.equals(known.managerId(), incoming.managerId())) {
            return new Transferred();
        }
        List<String> changed = new ArrayList<>();
        compare(changed, "name", known.name(), incoming.name());
        compare(changed, "email", known.email(), incoming.email());
        compare(changed, "employmentType", known.employmentType(), incoming.employmentType());
        compare(changed, "status", known.status(), incoming.status());
        compare(changed, "securityTrainingCompletedOn", known.securityTrainingCompletedOn(),
                incoming.securityTrainingCompletedOn());
        compare(changed, "backgroundCheck", known.backgroundCheck(), incoming.backgroundCheck());
        compare(changed, "mfaEnrolled", known.mfaEnrolled(), incoming.mfaEnrolled());
        return changed.isEmpty() ? new Unchanged() : new Updated(List.copyOf(changed));
    }

    private static void compare(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }
}
