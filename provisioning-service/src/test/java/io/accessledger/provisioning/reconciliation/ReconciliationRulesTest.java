package io.accessledger.provisioning.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.provisioning.connectors.Connector.Member;
import io.accessledger.provisioning.reconciliation.ReconciliationRules.ActiveGrant;
import io.accessledger.provisioning.reconciliation.ReconciliationRules.Comparison;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconciliationRulesTest {
    private static final Member ADA = new Member("u-1", "Ada@Example.com");
    private static final Member MALLORY = new Member("u-9", "mallory@example.com");
    private static final ActiveGrant ADAS_GRANT = new ActiveGrant("G-1", "R-1", "E1", "ada@example.com");
    private static final ActiveGrant BOBS_GRANT = new ActiveGrant("G-2", "R-2", "E2", "bob@example.com");

    @Test
    void aMemberNoGrantExplainsIsUngovernedAndAGrantWithoutItsMemberHasDrifted() {
        // given a group holding Ada (granted) and Mallory (not), and grants to Ada and Bob
        // when compared
        Comparison c = ReconciliationRules.compare("lab", "Readers", List.of(ADA, MALLORY),
                List.of(ADAS_GRANT, BOBS_GRANT), Set.of());
        // then Mallory is ungoverned and Bob's grant drifted; Ada matches without regard to case
        assertThat(c.ungoverned()).containsExactly(MALLORY);
        assertThat(c.accepted()).isEmpty();
        assertThat(c.drifted()).containsExactly(BOBS_GRANT);
    }

    @Test
    void aMemberIsGovernedByTheActiveGrantUnderTheirSignInNameWithoutRegardToCase() {
        assertThat(ReconciliationRules.governing(ADA, List.of(BOBS_GRANT, ADAS_GRANT))).contains(ADAS_GRANT);
        assertThat(ReconciliationRules.governing(MALLORY, List.of(BOBS_GRANT, ADAS_GRANT))).isEmpty();
        assertThat(ReconciliationRules.governing(new Member("u-5", null), List.of(
                new ActiveGrant("G-3", "R-3", "E3", null)))).as("no sign-in name, nothing to match").isEmpty();
    }

    @Test
    void aMemberWhoseFindingWasAcceptedIsCountedAsAcceptedNotFoundAgain() {
        String finding = ReconciliationRules.findingId("lab", "Readers", MALLORY.targetId());
        Comparison c = ReconciliationRules.compare("lab", "Readers", List.of(MALLORY), List.of(), Set.of(finding));
        assertThat(c.ungoverned()).isEmpty();
        assertThat(c.accepted()).containsExactly(MALLORY);
    }

    @Test
    void aGrantWhosePersonHasNoKnownLoginCannotBeMatchedAndCountsAsDrift() {
        ActiveGrant unknown = new ActiveGrant("G-3", "R-3", "E3", null);
        Comparison c = ReconciliationRules.compare("lab", "Readers", List.of(), List.of(unknown), Set.of());
        assertThat(c.drifted()).containsExactly(unknown);
    }

    @Test
    void theSameAccessFoundAgainHasTheSameFindingIdAndAnotherMemberAnother() {
        assertThat(ReconciliationRules.findingId("lab", "Readers", "u-9"))
                .isEqualTo(ReconciliationRules.findingId("lab", "Readers", "u-9"))
                .isNotEqualTo(ReconciliationRules.findingId("lab", "Readers", "u-8"))
                .isNotEqualTo(ReconciliationRules.findingId("lab", "Writers", "u-9"))
                .startsWith("F-");
    }
}
