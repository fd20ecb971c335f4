package io.accessledger.request.directory;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.EmployeeProfile;

/**
 * What a source says changed about a person (an HR system's changed fields), applied by the {@link Employee}
 * aggregate to the person as it knows them: the directory's read model lags the aggregate by the identity topic's
 * round trip, so a change overlaid on it could undo the change recorded a moment before.
 */
@FunctionalInterface
public interface ProfileChange {
    /** The profile after the change; {@code current} is null for someone the directory does not know yet. */
    EmployeeProfile applyTo(EmployeeId employeeId, EmployeeProfile current);
}
