package io.accessledger.review.schedule;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.Ids;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.RevocationReason;
import io.accessledger.events.review.AccessRevocationRequested;
import io.accessledger.events.review.OrphanedAccessDetected;
import io.accessledger.events.review.ReviewScheduled;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReviewScheduleTest {
    private static final GrantId GRANT = GrantId.of("G-1");
    private static final RequestId REQUEST = RequestId.of("R-1");
    private static final EmployeeId EMPLOYEE = EmployeeId.of("E20");
    private static final Entitlement ENTITLEMENT = Entitlement.parse("aws-prod:read");
    private static final Instant AT = Instant.parse("2025-05-04T16:45:00Z");
    private static final Instant REVIEW_DUE = Instant.parse("2025-08-02T16:45:00Z");
    private static final Instant EXPIRES = Instant.parse("2025-06-03T16:45:00Z");

    private AggregateTestFixture<ReviewSchedule> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ReviewSchedule.class);
    }

    private static ReviewSchedule.ScheduleReview schedule(String eventId, Instant expiresAt) {
        return new ReviewSchedule.ScheduleReview(GRANT, REQUEST, EMPLOYEE, ENTITLEMENT, REVIEW_DUE, expiresAt,
                EventId.of(eventId), AT);
    }

    @Test
    void aGrantIsScheduledForReviewAndExpiry() {
        fixture.givenNoPriorActivity()
                .when(schedule("ev-1", EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ReviewScheduled(EventId.of("ev-1"), GRANT, REQUEST, EMPLOYEE, ENTITLEMENT, REVIEW_DUE,
                        EXPIRES, AT));
    }

    @Test
    void aGrantWithoutEndIsScheduledForReviewOnly() {
        fixture.givenNoPriorActivity()
                .when(schedule("ev-1", null))
                .expectEvents(new ReviewScheduled(EventId.of("ev-1"), GRANT, REQUEST, EMPLOYEE, ENTITLEMENT, REVIEW_DUE,
                        null, AT));
    }

    @Test
    void schedulingAgainChangesNothing() {
        fixture.given(new ReviewScheduled(EventId.of("ev-1"), GRANT, REQUEST, EMPLOYEE, ENTITLEMENT, REVIEW_DUE,
                        EXPIRES, AT))
                .when(schedule("ev-2", EXPIRES))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anOrphanedGrantIsReportedAndAskedToGoOnce() {
        ReviewSchedule.ReportOrphan report = new ReviewSchedule.ReportOrphan(GRANT, REQUEST, EMPLOYEE, ENTITLEMENT,
                "UNKNOWN", EventId.of("ev-o"), AT);
        OrphanedAccessDetected detected = new OrphanedAccessDetected(EventId.of("ev-o"), GRANT, REQUEST, EMPLOYEE,
                ENTITLEMENT, "UNKNOWN", AT);
        AccessRevocationRequested revocation = new AccessRevocationRequested(
                EventId.of(Ids.nameBased("ev-o/revocation")), GRANT, REQUEST, EMPLOYEE, ENTITLEMENT,
                RevocationReason.LEAVER, null, "Orphaned access: the holder is unknown to the directory", AT);
        fixture.givenNoPriorActivity().when(report).expectEvents(detected, revocation);
        fixture.given(detected, revocation).when(report).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aGrantAlreadyAskedToGoIsNotReportedAsOrphaned() {
        fixture.given(new AccessRevocationRequested(EventId.of("ev-l"), GRANT, REQUEST, EMPLOYEE, ENTITLEMENT,
                        RevocationReason.LEAVER, null, "Left the organisation", AT))
                .when(new ReviewSchedule.ReportOrphan(GRANT, REQUEST, EMPLOYEE, ENTITLEMENT, "TERMINATED",
                        EventId.of("ev-o"), AT))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }
}
