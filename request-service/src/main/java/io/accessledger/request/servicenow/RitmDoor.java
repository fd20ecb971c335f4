package io.accessledger.request.servicenow;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.request.intake.AccessRequest;
import java.util.Optional;

/** What the ServiceNow intake needs from the rest of request-service: the directory and the intake door checks. */
public interface RitmDoor {
    Optional<EmployeeProfile> find(EmployeeId employeeId);

    /** The intake door checks ({@code IntakeDoor.checked}): throws an ApiProblem when refused. */
    AccessRequest.SubmitAccessRequest check(RequestId requestId, EmployeeId requesterId, EmployeeId beneficiaryId,
            Ritm ritm);
}
