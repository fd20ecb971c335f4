package io.accessledger.review.campaigns;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewCampaignClosed;
import io.accessledger.events.review.ReviewCampaignStarted;
import io.accessledger.events.review.ReviewScope;
import io.accessledger.events.review.ReviewerKind;
import io.accessledger.spine.commands.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReviewCampaignTest {
    private static final Instant AT = Instant.parse("2026-11-02T09:00:00Z");
    private static final Instant ENDS = Instant.parse("2026-11-30T09:00:00Z");
    private static final EmployeeId OFFICER = EmployeeId.of("E1050");
    private static final ReviewScope SOX = new ReviewScope(null, null, List.of("SOX"), null, false, null);
    private static final EventId EV = EventId.of("ev-1");

    private AggregateTestFixture<ReviewCampaign> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ReviewCampaign.class);
    }

    private static ReviewCampaign.StartCampaign start(Set<String> roles, NonResponsePolicy policy,
            Duration escalation, List<Duration> reminders) {
        return new ReviewCampaign.StartCampaign("C-1", " Q4 SOX ", SOX, ReviewerKind.MANAGER, null, ENDS, reminders,
                policy, escalation, OFFICER, roles, EV, AT);
    }

    @Test
    void complianceStartsACampaignItsRemindersLatestFirst() {
        fixture.givenNoPriorActivity()
                .when(start(Set.of("COMPLIANCE"), NonResponsePolicy.ESCALATE, Duration.ofDays(5),
                        List.of(Duration.ofDays(1), Duration.ofDays(7))))
                .expectEvents(new ReviewCampaignStarted(EV, "C-1", "Q4 SOX", SOX, ReviewerKind.MANAGER, null, ENDS,
                        List.of(Duration.ofDays(7), Duration.ofDays(1)), NonResponsePolicy.ESCALATE,
                        Duration.ofDays(5), OFFICER, AT));
    }

    @Test
    void someoneWithoutComplianceOrIamCannotStartOne() {
        fixture.givenNoPriorActivity()
                .when(start(Set.of("AUDITOR"), NonResponsePolicy.REVOKE, null, List.of()))
                .expectException(Refused.class).expectNoEvents();
    }

    @Test
    void anEscalatingCampaignNeedsAnEscalationPeriod() {
        fixture.givenNoPriorActivity()
                .when(start(Set.of("IAM"), NonResponsePolicy.ESCALATE, null, List.of()))
                .expectException(Refused.class)
                .expectExceptionMessage("an escalating campaign gives the manager a positive escalation period");
    }

    @Test
    void aCampaignEndingBeforeItStartsIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new ReviewCampaign.StartCampaign("C-1", "Q4", SOX, ReviewerKind.MANAGER, null, AT, List.of(),
                        NonResponsePolicy.REVOKE, null, OFFICER, Set.of("IAM"), EV, AT))
                .expectException(Refused.class).expectExceptionMessage("a campaign ends after it starts");
    }

    @Test
    void aCampaignClosesOnceWithItsCounts() {
        ReviewCampaignStarted started = new ReviewCampaignStarted(EV, "C-1", "Q4", SOX, ReviewerKind.MANAGER, null,
                ENDS, List.of(), NonResponsePolicy.REVOKE, null, OFFICER, AT);
        ReviewCampaignClosed closed = new ReviewCampaignClosed(EventId.of("ev-2"), "C-1", 3, 1, 1, 1, 0, ENDS);
        ReviewCampaign.CloseCampaign close = new ReviewCampaign.CloseCampaign("C-1", 3, 1, 1, 1, 0,
                EventId.of("ev-2"), ENDS);
        fixture.given(started).when(close).expectEvents(closed);
        fixture.given(started, closed).when(close).expectSuccessfulHandlerExecution().expectNoEvents();
    }
}
