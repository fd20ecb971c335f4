package io.accessledger.review.items;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.review.AccessCertified;
import io.accessledger.events.review.AccessReviewRejected;
import io.accessledger.events.review.AccessReviewRequested;
import io.accessledger.events.review.AccessReviewUnanswered;
import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewDelegated;
import io.accessledger.events.review.ReviewEscalated;
import io.accessledger.events.review.ReviewReminderSent;
import io.accessledger.spine.commands.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One item's life: opened, reminded, decided once by its reviewer (or delegate), or its silence applied. */
class ReviewItemTest {
    private static final String ITEM = "RI-1";
    private static final String CAMPAIGN = "C-1";
    private static final GrantId GRANT = GrantId.of("G-1");
    private static final RequestId REQUEST = RequestId.of("R-1");
    private static final EmployeeId HOLDER = EmployeeId.of("E20");
    private static final EmployeeId REVIEWER = EmployeeId.of("E21");
    private static final EmployeeId REVIEWERS_MANAGER = EmployeeId.of("E22");
    private static final EmployeeId DELEGATE = EmployeeId.of("E23");
    private static final Entitlement ENTITLEMENT = Entitlement.parse("aws-prod:admin");
    private static final Instant AT = Instant.parse("2026-11-02T09:00:00Z");
    private static final Instant DUE = Instant.parse("2026-11-30T09:00:00Z");
    private static final EventId EV = EventId.of("ev-9");

    private AggregateTestFixture<ReviewItem> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ReviewItem.class);
    }

    private static AccessReviewRequested requested() {
        return new AccessReviewRequested(EventId.of("ev-1"), ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER, ENTITLEMENT,
                REVIEWER, null, DUE, false, AT);
    }

    private static ReviewItem.DecideReviewItem decide(EmployeeId who, Decision decision, String reason) {
        return new ReviewItem.DecideReviewItem(ITEM, who, Set.of(), decision, reason, EV, AT.plusSeconds(60));
    }

    private static ReviewItem.ApplyNonResponse silence(NonResponsePolicy policy, Instant at) {
        return new ReviewItem.ApplyNonResponse(ITEM, policy, Duration.ofDays(7), REVIEWERS_MANAGER, EV, at);
    }

    @Test
    void anItemIsOpenedOnceForItsReviewer() {
        ReviewItem.OpenReviewItem open = new ReviewItem.OpenReviewItem(ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER,
                ENTITLEMENT, REVIEWER, null, DUE, false, EventId.of("ev-1"), AT);
        fixture.givenNoPriorActivity().when(open).expectEvents(requested());
        fixture.given(requested()).when(open).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void theReviewerCertifiesTheAccess() {
        fixture.given(requested()).when(decide(REVIEWER, Decision.CERTIFY, null))
                .expectEvents(new AccessCertified(EV, ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER, ENTITLEMENT, REVIEWER,
                        null, AT.plusSeconds(60)));
    }

    @Test
    void theReviewerRevokesWithAReason() {
        fixture.given(requested()).when(decide(REVIEWER, Decision.REVOKE, "Left the project"))
                .expectEvents(new AccessReviewRejected(EV, ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER, ENTITLEMENT,
                        REVIEWER, "Left the project", AT.plusSeconds(60)));
    }

    @Test
    void revokingWithoutAReasonIsRefused() {
        fixture.given(requested()).when(decide(REVIEWER, Decision.REVOKE, " "))
                .expectException(Refused.class).expectExceptionMessage("Say why the access must go").expectNoEvents();
    }

    @Test
    void aSecondDecisionIsRefusedAsClosed() {
        fixture.given(requested(), new AccessCertified(EV, ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER, ENTITLEMENT,
                        REVIEWER, null, AT))
                .when(decide(REVIEWER, Decision.REVOKE, "Changed my mind"))
                .expectException(Refused.class)
                .expectExceptionMessage("This review item already has its outcome")
                .expectNoEvents();
    }

    @Test
    void aReviewerCannotReviewTheirOwnAccess() {
        AccessReviewRequested ownGroupItem = new AccessReviewRequested(EventId.of("ev-1"), ITEM, CAMPAIGN, GRANT,
                REQUEST, HOLDER, ENTITLEMENT, null, "IAM", DUE, false, AT);
        fixture.given(ownGroupItem)
                .when(new ReviewItem.DecideReviewItem(ITEM, HOLDER, Set.of("IAM"), Decision.CERTIFY, null, EV, AT))
                .expectException(Refused.class).expectExceptionMessage(HOLDER + " holds this access and may not review it")
                .expectNoEvents();
    }

    @Test
    void someoneElseCannotDecideButTheReviewersDelegateCan() {
        fixture.given(requested()).when(decide(DELEGATE, Decision.CERTIFY, null))
                .expectException(Refused.class).expectNoEvents();
        fixture.given(requested(), new ReviewDelegated(EventId.of("ev-2"), ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER,
                        ENTITLEMENT, REVIEWER, DELEGATE, "On leave", AT))
                .when(decide(DELEGATE, Decision.CERTIFY, "Still needed"))
                .expectEvents(new AccessCertified(EV, ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER, ENTITLEMENT, DELEGATE,
                        "Still needed", AT.plusSeconds(60)));
    }

    @Test
    void theHolderCannotBeMadeTheDelegate() {
        fixture.given(requested())
                .when(new ReviewItem.DelegateReviewItem(ITEM, REVIEWER, Set.of(), HOLDER, "please", EV, AT))
                .expectException(Refused.class).expectNoEvents();
    }

    /** A member of the item's queue who holds the access could otherwise hand their own review to an accomplice. */
    @Test
    void theHolderCannotDelegateTheirOwnItemEvenAsAMemberOfItsQueue() {
        AccessReviewRequested ownGroupItem = new AccessReviewRequested(EventId.of("ev-1"), ITEM, CAMPAIGN, GRANT,
                REQUEST, HOLDER, ENTITLEMENT, null, "SECURITY", DUE, false, AT);
        fixture.given(ownGroupItem)
                .when(new ReviewItem.DelegateReviewItem(ITEM, HOLDER, Set.of("SECURITY"), DELEGATE, "please", EV, AT))
                .expectException(Refused.class).expectExceptionMessage(HOLDER + " holds this access and may not review it")
                .expectNoEvents();
    }

    @Test
    void eachReminderIsSentOnceAndNotAfterTheDecision() {
        ReviewItem.RemindReviewItem first = new ReviewItem.RemindReviewItem(ITEM, 1, EV, AT);
        ReviewReminderSent sent = new ReviewReminderSent(EV, ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER, ENTITLEMENT,
                REVIEWER, null, 1, DUE, AT);
        fixture.given(requested()).when(first).expectEvents(sent);
        fixture.given(requested(), sent).when(first).expectNoEvents();
        fixture.given(requested(), new AccessCertified(EV, ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER, ENTITLEMENT,
                REVIEWER, null, AT)).when(new ReviewItem.RemindReviewItem(ITEM, 2, EV, AT)).expectNoEvents();
    }

    @Test
    void aGroupsItemIsRemindedToTheGroupsQueue() {
        AccessReviewRequested groupItem = new AccessReviewRequested(EV, ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER,
                ENTITLEMENT, null, "SECURITY", DUE, false, AT);
        fixture.given(groupItem).when(new ReviewItem.RemindReviewItem(ITEM, 1, EV, AT))
                .expectEvents(new ReviewReminderSent(EV, ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER, ENTITLEMENT, null,
                        "SECURITY", 1, DUE, AT));
    }

    @Test
    void silenceBeforeTheDueTimeChangesNothing() {
        fixture.given(requested()).when(silence(NonResponsePolicy.REVOKE, DUE.minusSeconds(1)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void silenceUnderRevokeRevokes() {
        fixture.given(requested()).when(silence(NonResponsePolicy.REVOKE, DUE))
                .expectEvents(new AccessReviewUnanswered(EV, ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER, ENTITLEMENT,
                        REVIEWER, NonResponsePolicy.REVOKE, DUE));
    }

    @Test
    void silenceUnderKeepFlaggedKeepsTheAccessFlagged() {
        fixture.given(requested()).when(silence(NonResponsePolicy.KEEP_FLAGGED, DUE))
                .expectEvents(new AccessReviewUnanswered(EV, ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER, ENTITLEMENT,
                        REVIEWER, NonResponsePolicy.KEEP_FLAGGED, DUE));
    }

    @Test
    void silenceUnderEscalateGoesToTheReviewersManagerThenRevokes() {
        ReviewEscalated escalated = new ReviewEscalated(EV, ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER, ENTITLEMENT,
                REVIEWER, REVIEWERS_MANAGER, DUE.plus(Duration.ofDays(7)), DUE);
        fixture.given(requested()).when(silence(NonResponsePolicy.ESCALATE, DUE)).expectEvents(escalated);
        fixture.given(requested(), escalated).when(silence(NonResponsePolicy.ESCALATE, DUE.plusSeconds(60)))
                .expectNoEvents();
        fixture.given(requested(), escalated).when(decide(REVIEWER, Decision.CERTIFY, null))
                .expectException(Refused.class);
        fixture.given(requested(), escalated)
                .when(silence(NonResponsePolicy.ESCALATE, DUE.plus(Duration.ofDays(7))))
                .expectEvents(new AccessReviewUnanswered(EV, ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER, ENTITLEMENT,
                        REVIEWERS_MANAGER, NonResponsePolicy.REVOKE, DUE.plus(Duration.ofDays(7))));
    }

    @Test
    void silenceAfterTheDecisionChangesNothing() {
        fixture.given(requested(), new AccessCertified(EV, ITEM, CAMPAIGN, GRANT, REQUEST, HOLDER, ENTITLEMENT,
                REVIEWER, null, AT)).when(silence(NonResponsePolicy.REVOKE, DUE)).expectNoEvents();
    }
}
