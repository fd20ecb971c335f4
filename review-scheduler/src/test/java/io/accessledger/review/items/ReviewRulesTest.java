package io.accessledger.review.items;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.review.NonResponsePolicy;
import io.accessledger.events.review.ReviewerKind;
import io.accessledger.review.items.ReviewRules.Reviewer;
import io.accessledger.review.items.ReviewRules.Silence;
import io.accessledger.spine.commands.Refused;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReviewRulesTest {
    private static final EmployeeId HOLDER = EmployeeId.of("E1");
    private static final EmployeeId MANAGER = EmployeeId.of("E2");
    private static final EmployeeId OWNER = EmployeeId.of("E3");
    private static final Instant DUE = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theManagerReviewsAManagerCampaignAndIamWhenThereIsNone() {
        assertThat(ReviewRules.assignReviewer(ReviewerKind.MANAGER, null, HOLDER, MANAGER, OWNER))
                .isEqualTo(new Reviewer(MANAGER, null));
        assertThat(ReviewRules.assignReviewer(ReviewerKind.MANAGER, null, HOLDER, null, OWNER))
                .isEqualTo(new Reviewer(null, "IAM"));
    }

    @Test
    void theOwnerReviewsUnlessTheOwnerHoldsTheGrantThenTheManagerDoes() {
        assertThat(ReviewRules.assignReviewer(ReviewerKind.RESOURCE_OWNER, null, HOLDER, MANAGER, OWNER))
                .isEqualTo(new Reviewer(OWNER, null));
        assertThat(ReviewRules.assignReviewer(ReviewerKind.RESOURCE_OWNER, null, OWNER, MANAGER, OWNER))
                .isEqualTo(new Reviewer(MANAGER, null));
    }

    @Test
    void aGroupCampaignGoesToTheGroup() {
        assertThat(ReviewRules.assignReviewer(ReviewerKind.GROUP, "SOX-REVIEWERS", HOLDER, MANAGER, OWNER))
                .isEqualTo(new Reviewer(null, "SOX-REVIEWERS"));
    }

    @Test
    void aReviewerWhoApprovedTheGrantIsFlagged() {
        assertThat(ReviewRules.reviewerApprovedIt(new Reviewer(MANAGER, null), List.of("E2", "E9"))).isTrue();
        assertThat(ReviewRules.reviewerApprovedIt(new Reviewer(OWNER, null), List.of("E2"))).isFalse();
        assertThat(ReviewRules.reviewerApprovedIt(new Reviewer(null, "IAM"), List.of("E2"))).isFalse();
    }

    @Test
    void aReviewerCannotReviewTheirOwnAccess() {
        assertThat(ReviewRules.nobodyReviewsTheirOwnAccess(HOLDER, HOLDER)).get()
                .extracting(Refused::rule).isEqualTo("nobodyReviewsTheirOwnAccess");
        assertThat(ReviewRules.nobodyReviewsTheirOwnAccess(MANAGER, HOLDER)).isEmpty();
    }

    @Test
    void onlyTheReviewerTheirDelegateOrAGroupMemberDecides() {
        Reviewer person = new Reviewer(MANAGER, null);
        assertThat(ReviewRules.onlyTheReviewerOrTheirDelegate(MANAGER, Set.of(), person, null)).isEmpty();
        assertThat(ReviewRules.onlyTheReviewerOrTheirDelegate(OWNER, Set.of(), person, OWNER)).isEmpty();
        assertThat(ReviewRules.onlyTheReviewerOrTheirDelegate(OWNER, Set.of("IAM"), person, null)).isPresent();
        assertThat(ReviewRules.onlyTheReviewerOrTheirDelegate(OWNER, Set.of("IAM"), new Reviewer(null, "IAM"), null))
                .isEmpty();
    }

    @Test
    void aSecondDecisionIsClosed() {
        assertThat(ReviewRules.anItemIsDecidedOnce(true)).get().extracting(Refused::kind)
                .isEqualTo(Refused.Kind.CLOSED);
        assertThat(ReviewRules.anItemIsDecidedOnce(false)).isEmpty();
    }

    @Test
    void revokingNeedsAReasonCertifyingDoesNot() {
        assertThat(ReviewRules.revokingNeedsAReason(Decision.REVOKE, null)).isPresent();
        assertThat(ReviewRules.revokingNeedsAReason(Decision.REVOKE, "gone")).isEmpty();
        assertThat(ReviewRules.revokingNeedsAReason(Decision.CERTIFY, null)).isEmpty();
    }

    @Test
    void silenceEscalatesOnceAndOnlyToSomeoneOtherThanTheHolder() {
        assertThat(ReviewRules.onSilence(NonResponsePolicy.ESCALATE, DUE, DUE.minusSeconds(1), false, MANAGER, HOLDER))
                .isEqualTo(Silence.NOT_YET);
        assertThat(ReviewRules.onSilence(NonResponsePolicy.ESCALATE, DUE, DUE, false, MANAGER, HOLDER))
                .isEqualTo(Silence.ESCALATE);
        assertThat(ReviewRules.onSilence(NonResponsePolicy.ESCALATE, DUE, DUE, true, MANAGER, HOLDER))
                .isEqualTo(Silence.REVOKE);
        assertThat(ReviewRules.onSilence(NonResponsePolicy.ESCALATE, DUE, DUE, false, null, HOLDER))
                .isEqualTo(Silence.REVOKE);
        assertThat(ReviewRules.onSilence(NonResponsePolicy.ESCALATE, DUE, DUE, false, HOLDER, HOLDER))
                .isEqualTo(Silence.REVOKE);
        assertThat(ReviewRules.onSilence(NonResponsePolicy.KEEP_FLAGGED, DUE, DUE, false, MANAGER, HOLDER))
                .isEqualTo(Silence.KEEP_FLAGGED);
    }
}
