package io.accessledger.request.intake;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RequestSource;
import io.accessledger.events.request.RequestSubmitted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class AccessRequestTest {
    private final AggregateTestFixture<AccessRequest> fixture = new AggregateTestFixture<>(AccessRequest.class);

    @Test
    void submittingRecordsRequestSubmittedWithTrimmedJustification() {
        RequestId id = RequestId.of("R-1");
        Instant at = Instant.parse("2025-05-01T10:00:00Z");
        List<Entitlement> profile = List.of(Entitlement.parse("github:write"), Entitlement.parse("jira:edit"));
        fixture.givenNoPriorActivity()
                .when(new AccessRequest.SubmitAccessRequest(id, "B-1", EmployeeId.of("E1"), EmployeeId.of("E2"),
                        "aws-prod", "read", "  Investigate the billing incident INC-42 \n", Duration.ofDays(30),
                        "INC-42", RequestSource.PORTAL, true, profile, EventId.of("ev-1"), at))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RequestSubmitted(EventId.of("ev-1"), id, "B-1", EmployeeId.of("E1"),
                        EmployeeId.of("E2"), "aws-prod", "read", "Investigate the billing incident INC-42",
                        Duration.ofDays(30), "INC-42", RequestSource.PORTAL, true, profile, at));
    }
}
