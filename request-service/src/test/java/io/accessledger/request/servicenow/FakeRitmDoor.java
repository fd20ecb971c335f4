package io.accessledger.request.servicenow;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.events.model.RequestSource;
import io.accessledger.request.intake.AccessRequest;
import io.accessledger.spine.ids.NewIds;
import io.accessledger.web.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The intake's door in memory: E1030 and E1032 report to E1031; a RITM whose justification is {@code n/a} is refused
 * as a placeholder (until {@link #refuseNothing()}: what the door answered may change between two deliveries); every
 * RITM checked is listed in {@link #checked}.
 */
public final class FakeRitmDoor implements RitmDoor {
    public static final EmployeeId MANAGER = EmployeeId.of("E1031");
    public final List<String> checked = new ArrayList<>();
    private final Map<String, EmployeeProfile> people = Map.of(
            "E1030", person("E1030", MANAGER), "E1031", person("E1031", null), "E1032", person("E1032", MANAGER));
    private final Instant now;
    private volatile boolean refusesPlaceholders = true;

    public FakeRitmDoor(Instant now) {
        this.now = now;
    }

    public static EmployeeProfile person(String id, EmployeeId manager) {
        return new EmployeeProfile(EmployeeId.of(id), "Person " + id, id + "@example.com", "Finance", "Analyst",
                manager, EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE, null, null, true);
    }

    /** From now on every RITM passes the door (a rule or the directory changed since an earlier delivery). */
    public void refuseNothing() {
        refusesPlaceholders = false;
    }

    @Override
    public Optional<EmployeeProfile> find(EmployeeId employeeId) {
        return Optional.ofNullable(people.get(employeeId.value()));
    }

    @Override
    public AccessRequest.SubmitAccessRequest check(RequestId requestId, EmployeeId requesterId,
            EmployeeId beneficiaryId, Ritm ritm) {
        checked.add(ritm.sysId());
        if (refusesPlaceholders && "n/a".equals(ritm.justification())) {
            throw ApiProblem.refused("justificationPlaceholder", "justification", "Refused: justificationPlaceholder",
                    "The justification is a placeholder; say why the access is needed.");
        }
        return new AccessRequest.SubmitAccessRequest(requestId, null, requesterId, beneficiaryId,
                ritm.resourceId(), ritm.accessLevel(), ritm.justification(),
                ritm.accessDuration() == null ? null : Duration.parse(ritm.accessDuration()), ritm.number(),
                RequestSource.SERVICENOW, false, List.of(), NewIds.eventId(), now);
    }
}
