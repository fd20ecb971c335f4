package io.accessledger.events;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.EmployeeProfile;
import java.time.LocalDate;

/** A change to a person in the directory: keyed by employee id, carrying the whole profile after the change. */
public interface IdentityEvent extends DomainEvent {
    EmployeeId employeeId();

    EmployeeProfile profile();

    /** The day the change takes effect in the organisation (may be later than {@link #occurredAt()}). */
    LocalDate effectiveOn();

    /** Which system said so: {@code directory-import}, {@code bamboohr}, {@code workday}, {@code hris}. */
    String source();

    @Override
    default String subject() {
        return employeeId().value();
    }
}
