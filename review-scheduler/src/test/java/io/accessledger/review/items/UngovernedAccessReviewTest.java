package io.accessledger.review.items;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.review.UngovernedAccessAccepted;
import io.accessledger.events.review.UngovernedAccessRemovalRequested;
import io.accessledger.events.review.UngovernedAccessReviewReminderSent;
import io.accessledger.events.review.UngovernedAccessReviewRequested;
import io.accessledger.spine.commands.Refused;
import java.time.Instant;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A finding's review: opened once for the resource owner, decided once, or removed when nobody answers. */
class UngovernedAccessReviewTest {
    private static final String ITEM = UngovernedRules.itemIdOf("F-1");
    private static final String CAMPAIGN = UngovernedRules.campaignIdOf("RC-1");
    private static final EmployeeId MATCHED = EmployeeId.of("E30");
    private static final EmployeeId OWNER = EmployeeId.of("E31");
    private static final EmployeeId SOMEONE_ELSE = EmployeeId.of("E32");
    private static final Entitlement ENTITLEMENT = Entitlement.parse("crm:admin");
    private static final Instant AT = Instant.parse("2026-11-02T09:00:00Z");
    private static final Instant DUE = Instant.parse("2026-11-16T09:00:00Z");
    private static final EventId EV = EventId.of("ev-9");

    private AggregateTestFixture<UngovernedAccessReview> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(UngovernedAccessReview.class);
    }

    private static UngovernedAccessReviewRequested requested(EmployeeId reviewer) {
        return new UngovernedAccessReviewRequested(EventId.of("ev-1"), ITEM, CAMPAIGN, "F-1", "scim-crm", ENTITLEMENT,
                "crm-admins", "m-77", "mallory", MATCHED, reviewer, DUE, AT);
    }

    private static UngovernedAccessReview.OpenUngovernedReview open(EmployeeId reviewer) {
        return new UngovernedAccessReview.OpenUngovernedReview(ITEM, CAMPAIGN, "F-1", "scim-crm", ENTITLEMENT,
                "crm-admins", "m-77", "mallory", MATCHED, reviewer, DUE, EventId.of("ev-1"), AT);
    }

    private static UngovernedAccessReview.DecideUngovernedReview decide(EmployeeId who, Set<String> roles,
            Decision decision, String reason) {
        return new UngovernedAccessReview.DecideUngovernedReview(ITEM, who, roles, decision, reason, EV,
                AT.plusSeconds(60));
    }

    @Test
    void aFindingIsPutBeforeTheResourceOwnerOnce() {
        fixture.givenNoPriorActivity().when(open(OWNER)).expectEvents(requested(OWNER))
                .expectResultMessagePayload(true);
        fixture.given(requested(OWNER)).when(open(OWNER)).expectNoEvents().expectResultMessagePayload(true);
    }

    @Test
    void aFindingUnderReviewFoundAgainByALaterReconciliationIsNotOpenedInItsCampaign() {
        fixture.given(requested(OWNER)).when(new UngovernedAccessReview.OpenUngovernedReview(ITEM,
                UngovernedRules.campaignIdOf("RC-2"), "F-1", "scim-crm", ENTITLEMENT, "crm-admins", "m-77", "mallory",
                MATCHED, OWNER, DUE, EventId.of("ev-2"), AT)).expectNoEvents().expectResultMessagePayload(false);
    }

    @Test
    void eachReminderIsSentOnceBeforeTheDueTimeAndNotAfterTheDecision() {
        Instant weekBefore = DUE.minus(java.time.Duration.ofDays(7));
        UngovernedAccessReviewReminderSent first = new UngovernedAccessReviewReminderSent(EV, ITEM, CAMPAIGN, "F-1",
                "scim-crm", ENTITLEMENT, "crm-admins", "m-77", "mallory", OWNER, 1, DUE, weekBefore);
        fixture.given(requested(OWNER)).when(remind(1, weekBefore)).expectEvents(first);
        fixture.given(requested(OWNER), first).when(remind(1, weekBefore.plusSeconds(60))).expectNoEvents();
        fixture.given(requested(OWNER), first).when(remind(2, DUE)).expectNoEvents();
        fixture.given(requested(OWNER), new UngovernedAccessAccepted(EV, ITEM, "F-1", "scim-crm", ENTITLEMENT, "m-77",
                OWNER, "break-glass account", AT)).when(remind(1, weekBefore)).expectNoEvents();
    }

    @Test
    void anItemOfTheIamQueueIsRemindedWithoutAReviewer() {
        fixture.given(requested(null)).when(remind(1, AT)).expectEvents(new UngovernedAccessReviewReminderSent(EV,
                ITEM, CAMPAIGN, "F-1", "scim-crm", ENTITLEMENT, "crm-admins", "m-77", "mallory", null, 1, DUE, AT));
    }

    private static UngovernedAccessReview.RemindUngovernedReview remind(int reminder, Instant at) {
        return new UngovernedAccessReview.RemindUngovernedReview(ITEM, reminder, EV, at);
    }

    @Test
    void theOwnerRevokingAsksForTheMembersRemovalInTheirName() {
        fixture.given(requested(OWNER)).when(decide(OWNER, Set.of(), Decision.REVOKE, "nobody asked for this"))
                .expectEvents(new UngovernedAccessRemovalRequested(EV, ITEM, "F-1", "scim-crm", ENTITLEMENT,
                        "crm-admins", "m-77", OWNER, "nobody asked for this", AT.plusSeconds(60)));
    }

    @Test
    void theOwnerKeepsUngovernedAccessOnlyWithAReason() {
        fixture.given(requested(OWNER)).when(decide(OWNER, Set.of(), Decision.CERTIFY, " "))
                .expectException(Refused.class).expectNoEvents();
        fixture.given(requested(OWNER)).when(decide(OWNER, Set.of(), Decision.CERTIFY, "break-glass account"))
                .expectEvents(new UngovernedAccessAccepted(EV, ITEM, "F-1", "scim-crm", ENTITLEMENT, "m-77", OWNER,
                        "break-glass account", AT.plusSeconds(60)));
    }

    @Test
    void onlyTheReviewerDecides() {
        fixture.given(requested(OWNER)).when(decide(SOMEONE_ELSE, Set.of(), Decision.REVOKE, "not mine"))
                .expectException(Refused.class).expectNoEvents();
    }

    @Test
    void withoutAnOwnerTheIamQueueDecidesButNeverOnTheirOwnAccess() {
        fixture.given(requested(null)).when(decide(SOMEONE_ELSE, Set.of(ReviewRules.FALLBACK_GROUP), Decision.REVOKE,
                "unexplained")).expectSuccessfulHandlerExecution();
        fixture.given(requested(null)).when(decide(MATCHED, Set.of(ReviewRules.FALLBACK_GROUP), Decision.CERTIFY,
                "I need it")).expectException(Refused.class).expectNoEvents();
    }

    @Test
    void aFindingIsDecidedOnce() {
        fixture.given(requested(OWNER), new UngovernedAccessAccepted(EV, ITEM, "F-1", "scim-crm", ENTITLEMENT, "m-77",
                OWNER, "kept", AT)).when(decide(OWNER, Set.of(), Decision.REVOKE, "changed my mind"))
                .expectException(Refused.class).expectNoEvents();
    }

    @Test
    void silencePastTheDueTimeRemovesTheMemberWithNobodyAsRequester() {
        fixture.given(requested(OWNER)).when(new UngovernedAccessReview.ApplyUngovernedNonResponse(ITEM, EV,
                DUE.minusSeconds(1))).expectNoEvents();
        fixture.given(requested(OWNER)).when(new UngovernedAccessReview.ApplyUngovernedNonResponse(ITEM, EV, DUE))
                .expectEvents(new UngovernedAccessRemovalRequested(EV, ITEM, "F-1", "scim-crm", ENTITLEMENT,
                        "crm-admins", "m-77", null, "No decision by the due time", DUE));
    }

    @Test
    void theReviewerIsTheOwnerUnlessThereIsNoneOrItIsTheMemberThemselves() {
        org.assertj.core.api.Assertions.assertThat(UngovernedRules.reviewerOf(OWNER, MATCHED)).isEqualTo(OWNER);
        org.assertj.core.api.Assertions.assertThat(UngovernedRules.reviewerOf(null, MATCHED)).isNull();
        org.assertj.core.api.Assertions.assertThat(UngovernedRules.reviewerOf(MATCHED, MATCHED)).isNull();
    }
}
