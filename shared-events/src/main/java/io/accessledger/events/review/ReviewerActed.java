package io.accessledger.events.review;

import io.accessledger.events.GrantKeyed;
import io.accessledger.events.ids.EmployeeId;

/** A review item event a reviewer caused: the reviewer is its actor, their comment its reason. */
public interface ReviewerActed extends GrantKeyed {
    EmployeeId reviewerId();

    String comment();

    @Override
    default EmployeeId actorId() {
        return reviewerId();
    }

    @Override
    default String reason() {
        return comment();
    }
}
