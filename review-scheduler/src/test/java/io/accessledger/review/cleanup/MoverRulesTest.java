package io.accessledger.review.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.Entitlement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class MoverRulesTest {
    private static final LocalDate MOVED_ON = LocalDate.parse("2026-04-01");
    private static final List<Entitlement> NEW_PROFILE = List.of(Entitlement.parse("github:write"),
            Entitlement.parse("confluence:read"));
    private static final Instant BEFORE = Instant.parse("2026-03-31T23:59:59Z");

    @Test
    void moverKeepsAccessInTheNewProfile() {
        assertThat(MoverRules.losesOnMove(Entitlement.parse("github:write"), NEW_PROFILE, BEFORE, MOVED_ON)).isFalse();
    }

    @Test
    void moverLosesAccessOutsideTheNewProfile() {
        assertThat(MoverRules.losesOnMove(Entitlement.parse("snowflake-analytics:read"), NEW_PROFILE, BEFORE,
                MOVED_ON)).isTrue();
    }

    @Test
    void accessRequestedForTheNewRoleIsKept() {
        assertThat(MoverRules.losesOnMove(Entitlement.parse("aws-dev:deploy"), NEW_PROFILE,
                Instant.parse("2026-04-01T00:00:00Z"), MOVED_ON)).isFalse();
        assertThat(MoverRules.losesOnMove(Entitlement.parse("aws-dev:deploy"), NEW_PROFILE,
                Instant.parse("2026-04-03T10:00:00Z"), MOVED_ON)).isFalse();
    }

    @Test
    void accessOfARequestNeverSeenCountsAsTheOldRoles() {
        assertThat(MoverRules.losesOnMove(Entitlement.parse("aws-dev:deploy"), NEW_PROFILE, null, MOVED_ON)).isTrue();
    }

    @Test
    void accessKeptOutsideTheNewProfileIsReviewedByTheNewManager() {
        assertThat(MoverRules.reviewedOnMove(Entitlement.parse("aws-dev:deploy"), NEW_PROFILE,
                Instant.parse("2026-04-01T00:00:00Z"), MOVED_ON)).isTrue();
    }

    @Test
    void accessInTheNewProfileOrLostOnTheMoveIsNotReviewed() {
        assertThat(MoverRules.reviewedOnMove(Entitlement.parse("github:write"), NEW_PROFILE,
                Instant.parse("2026-04-02T00:00:00Z"), MOVED_ON)).isFalse();
        assertThat(MoverRules.reviewedOnMove(Entitlement.parse("snowflake-analytics:read"), NEW_PROFILE, BEFORE,
                MOVED_ON)).isFalse();
    }

    @Test
    void aMoveHasOneReviewCampaign() {
        assertThat(MoverRules.transferCampaignId(EmployeeId.of("E1038"), MOVED_ON))
                .isEqualTo("C-transfer-E1038-2026-04-01")
                .isEqualTo(MoverRules.transferCampaignId(EmployeeId.of("E1038"), LocalDate.parse("2026-04-01")));
    }
}
