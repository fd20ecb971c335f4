package io.accessledger.request.hris;

import io.accessledger.events.ids.EmployeeId;
import java.time.LocalDate;

/** What an HR system says about one worker: the changed fields and when they take effect (null: now). */
public record WorkerEvent(EmployeeId employeeId, ProfilePatch patch, LocalDate effectiveOn) {
}
