package io.accessledger.request.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.policy.document.PolicyDocument;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntakeRulesTest {
    private static final PolicyDocument POLICY = new PolicyDocument("3",
            List.of(new PolicyDocument.Resource("aws-prod", "AWS production", "entra-scim", "E1031",
                            Sensitivity.CRITICAL, List.of("SOC2"),
                            List.of(new PolicyDocument.Level("read", false), new PolicyDocument.Level("admin", true)),
                            Duration.ofDays(30)),
                    new PolicyDocument.Resource("confluence", "Confluence", "okta-scim", "E1040", Sensitivity.LOW,
                            List.of(), List.of(new PolicyDocument.Level("read", false)), null)),
            List.of(), List.of(), Map.of(), Map.of(), new PolicyDocument.AutoApprove(Sensitivity.LOW));

    private static final String GOOD = "Investigate billing incident INC-42 in production";

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n"})
    void aMissingOrBlankJustificationIsRefused(String justification) {
        assertThat(IntakeRules.justificationMissing(justification)).hasValueSatisfying(refusal -> {
            assertThat(refusal.rule()).isEqualTo("justificationMissing");
            assertThat(refusal.field()).isEqualTo("justification");
        });
    }

    @Test
    void aWrittenJustificationIsNotMissing() {
        assertThat(IntakeRules.justificationMissing(GOOD)).isEmpty();
        assertThat(IntakeRules.justificationMissing("x")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"n/a", "N/A", "  n/a  ", ".", "...", "-", "access", "Access", "test", "testing", "tbd",
            "TODO", "please", "need access", "xxx", "aaaaaa", "abababababababab", "a a a a a a a a"})
    void aPlaceholderIsRefused(String justification) {
        assertThat(IntakeRules.justificationPlaceholder(justification)).hasValueSatisfying(refusal -> {
            assertThat(refusal.rule()).isEqualTo("justificationPlaceholder");
            assertThat(refusal.field()).isEqualTo("justification");
            assertThat(refusal.message()).contains("'" + justification.trim() + "'");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {GOOD, "abc", "need access to the billing dashboard", "testing the new SSO rollout"})
    void realTextIsNotAPlaceholder(String justification) {
        assertThat(IntakeRules.justificationPlaceholder(justification)).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void anEmptyJustificationIsLeftToTheMissingRuleNotCalledAPlaceholder(String justification) {
        assertThat(IntakeRules.justificationPlaceholder(justification)).isEmpty();
        assertThat(IntakeRules.justificationTooShort(justification)).isEmpty();
    }

    @Test
    void fourteenCharactersAreTooShort() {
        String fourteen = "Quarterly plan";
        assertThat(fourteen).hasSize(14);
        assertThat(IntakeRules.justificationTooShort(fourteen)).hasValueSatisfying(refusal -> {
            assertThat(refusal.rule()).isEqualTo("justificationTooShort");
            assertThat(refusal.field()).isEqualTo("justification");
            assertThat(refusal.message()).contains("15").contains("14");
        });
    }

    @Test
    void fifteenCharactersAreEnough() {
        String fifteen = "Quarterly plans";
        assertThat(fifteen).hasSize(15);
        assertThat(IntakeRules.justificationTooShort(fifteen)).isEmpty();
    }

    @Test
    void surroundingWhitespaceDoesNotCountTowardsTheLength() {
        assertThat(IntakeRules.justificationTooShort("   Quarterly plan   ")).isPresent();
    }

    @Test
    void aResourceNotInTheCatalogIsRefused() {
        assertThat(IntakeRules.unknownResource(POLICY, "mainframe")).hasValueSatisfying(refusal -> {
            assertThat(refusal.rule()).isEqualTo("unknownResource");
            assertThat(refusal.field()).isEqualTo("resourceId");
            assertThat(refusal.message()).contains("mainframe");
        });
    }

    @Test
    void aCatalogResourceIsKnown() {
        assertThat(IntakeRules.unknownResource(POLICY, "aws-prod")).isEmpty();
    }

    @Test
    void aLevelTheResourceDoesNotHaveIsRefused() {
        assertThat(IntakeRules.unknownLevel(POLICY, "aws-prod", "deploy")).hasValueSatisfying(refusal -> {
            assertThat(refusal.rule()).isEqualTo("unknownLevel");
            assertThat(refusal.field()).isEqualTo("accessLevel");
            assertThat(refusal.message()).contains("aws-prod").contains("deploy");
        });
    }

    @Test
    void aLevelOfAnotherResourceIsStillUnknownHere() {
        assertThat(IntakeRules.unknownLevel(POLICY, "confluence", "admin")).isPresent();
    }

    @Test
    void aLevelOfAnUnknownResourceIsUnknown() {
        assertThat(IntakeRules.unknownLevel(POLICY, "mainframe", "read")).isPresent();
    }

    @Test
    void anExistingLevelIsKnown() {
        assertThat(IntakeRules.unknownLevel(POLICY, "aws-prod", "admin")).isEmpty();
    }

    @Test
    void exactlyTheMaximumDurationIsAllowed() {
        assertThat(IntakeRules.durationAboveMaximum(POLICY, "aws-prod", Duration.ofDays(30))).isEmpty();
    }

    @Test
    void oneDayAboveTheMaximumIsRefused() {
        assertThat(IntakeRules.durationAboveMaximum(POLICY, "aws-prod", Duration.ofDays(31)))
                .hasValueSatisfying(refusal -> {
                    assertThat(refusal.rule()).isEqualTo("durationAboveMaximum");
                    assertThat(refusal.field()).isEqualTo("accessDuration");
                    assertThat(refusal.message()).contains("30 days").contains("31 days");
                });
    }

    @Test
    void aResourceWithoutMaximumAcceptsAnyDuration() {
        assertThat(IntakeRules.durationAboveMaximum(POLICY, "confluence", Duration.ofDays(3650))).isEmpty();
    }

    @Test
    void noRequestedDurationIsNotAboveTheMaximumAtTheDoor() {
        assertThat(IntakeRules.durationAboveMaximum(POLICY, "aws-prod", null)).isEmpty();
    }

    @Test
    void anUnknownResourceHasNoMaximumToBreak() {
        assertThat(IntakeRules.durationAboveMaximum(POLICY, "mainframe", Duration.ofDays(999))).isEmpty();
    }

    @Test
    void aZeroDurationIsRefused() {
        assertThat(IntakeRules.durationNotPositive(Duration.ZERO)).hasValueSatisfying(refusal -> {
            assertThat(refusal.rule()).isEqualTo("durationNotPositive");
            assertThat(refusal.field()).isEqualTo("accessDuration");
        });
    }

    @Test
    void aNegativeDurationIsRefused() {
        assertThat(IntakeRules.durationNotPositive(Duration.ofDays(-1))).isPresent();
        assertThat(IntakeRules.durationNotPositive(Duration.ofSeconds(-1))).isPresent();
    }

    @Test
    void theSmallestPositiveDurationIsAccepted() {
        assertThat(IntakeRules.durationNotPositive(Duration.ofSeconds(1))).isEmpty();
        assertThat(IntakeRules.durationNotPositive(Duration.ofNanos(1))).isEmpty();
    }

    @Test
    void noDurationMeansNoDurationRule() {
        assertThat(IntakeRules.durationNotPositive(null)).isEmpty();
    }

    @Test
    void atTheDoorAnswersTheFirstRefusalInTheOrderAPersonWouldFixThem() {
        assertThat(IntakeRules.atTheDoor(POLICY, "mainframe", "root", "n/a", java.time.Duration.ofDays(-1)))
                .get().extracting(IntakeRules.Refusal::rule).isEqualTo("justificationPlaceholder");
        assertThat(IntakeRules.atTheDoor(POLICY, "mainframe", "root", GOOD, null))
                .get().extracting(IntakeRules.Refusal::rule).isEqualTo("unknownResource");
        assertThat(IntakeRules.atTheDoor(POLICY, "confluence", "read", GOOD, java.time.Duration.ZERO))
                .get().extracting(IntakeRules.Refusal::rule).isEqualTo("durationNotPositive");
        assertThat(IntakeRules.atTheDoor(POLICY, "confluence", "read", GOOD, java.time.Duration.ofDays(30))).isEmpty();
    }
}
