package io.accessledger.events.identity;

import io.accessledger.events.IdentityEvent;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.EmployeeProfile;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** A person moved: another department, job title or manager. Access outside the new profile is reviewed. */
public record EmployeeTransferred(
        EventId eventId,
        EmployeeId employeeId,
        EmployeeProfile profile,
        String previousDepartment,
        String previousJobTitle,
        EmployeeId previousManagerId,
        LocalDate effectiveOn,
        String source,
        Instant occurredAt) implements IdentityEvent {

    /**
     * Whether the transfer changed the position (department or job title), not only the manager: the one rule for
     * what counts as a move, for the new position's requests (request-service) and the clean-up (review-scheduler).
     */
    public boolean positionChanged() {
        return !Objects.equals(previousDepartment, profile.department())
                || !Objects.equals(previousJobTitle, profile.jobTitle());
    }
}
