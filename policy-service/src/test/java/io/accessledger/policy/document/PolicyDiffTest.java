package io.accessledger.policy.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Mitigation;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.policy.document.PolicyDiff.Change;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class PolicyDiffTest {
    private static final PolicyDocument.Resource WIKI = resource("wiki", Sensitivity.LOW, "read");
    private static final PolicyDocument.Resource CRM = resource("crm", Sensitivity.MEDIUM, "read");
    private static final PolicyDocument.SodRule RULE = new PolicyDocument.SodRule("SOD-1", "wiki vs crm",
            Sensitivity.HIGH, List.of(Entitlement.parse("wiki:read")), List.of(Entitlement.parse("crm:read")),
            Mitigation.BLOCK);
    private static final PolicyDocument.Profile SALES = new PolicyDocument.Profile("Sales", "AE",
            List.of(Entitlement.parse("crm:read")));
    private static final PolicyDocument V1 = new PolicyDocument("1", List.of(WIKI, CRM), List.of(SALES),
            List.of(RULE), Map.of("HIGH", new PolicyDocument.Prerequisite(730, false, true)),
            Map.of(Sensitivity.LOW, Duration.ofDays(365)), new PolicyDocument.AutoApprove(Sensitivity.LOW));

    private static PolicyDocument.Resource resource(String id, Sensitivity sensitivity, String... levels) {
        return new PolicyDocument.Resource(id, id.toUpperCase(), "okta", null, sensitivity, List.of(),
                java.util.Arrays.stream(levels).map(l -> new PolicyDocument.Level(l, l.equals("admin"))).toList(),
                null);
    }

    private static PolicyDocument v2(List<PolicyDocument.Resource> resources, List<PolicyDocument.Profile> profiles,
            List<PolicyDocument.SodRule> rules) {
        return new PolicyDocument("2", resources, profiles, rules, V1.prerequisites(), V1.reviewCadence(),
                V1.autoApprove());
    }

    @Test
    void theSameContentUnderAnotherVersionNumberHasNoEntries() {
        // given version 2 publishing version 1's content again
        PolicyDocument same = V1.withVersion("2");
        // when / then
        assertThat(PolicyDiff.between(V1, same)).isEmpty();
    }

    @Test
    void anAddedResourceIsOneEntryCarryingItWholeAndARemovedOneCarriesWhatItWas() {
        // given version 2 drops the wiki and adds a production account
        PolicyDocument.Resource prod = resource("prod", Sensitivity.CRITICAL, "read", "admin");
        // when
        List<PolicyDiff.Entry> diff = PolicyDiff.between(V1, v2(List.of(CRM, prod), V1.profiles(), V1.sodRules()));
        // then
        assertThat(diff).extracting(PolicyDiff.Entry::path, PolicyDiff.Entry::change).containsExactly(
                tuple("resources[prod]", Change.ADDED), tuple("resources[wiki]", Change.REMOVED));
        assertThat(diff.get(0).before()).isNull();
        assertThat(diff.get(0).after()).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("sensitivity", "CRITICAL").containsEntry("levels", List.of(
                        Map.of("name", "read", "privileged", false), Map.of("name", "admin", "privileged", true)));
        assertThat(diff.get(1).before()).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("id", "wiki");
        assertThat(diff.get(1).after()).isNull();
    }

    @Test
    void aChangedResourceIsOneEntryPerChangedFieldWithItsValueBeforeAndAfter() {
        // given the CRM becomes HIGH and gains an admin level
        PolicyDocument.Resource crm = resource("crm", Sensitivity.HIGH, "read", "admin");
        // when
        List<PolicyDiff.Entry> diff = PolicyDiff.between(V1, v2(List.of(WIKI, crm), V1.profiles(), V1.sodRules()));
        // then
        assertThat(diff).extracting(PolicyDiff.Entry::path, PolicyDiff.Entry::change, PolicyDiff.Entry::before,
                PolicyDiff.Entry::after)
                .containsExactly(
                        tuple("resources[crm].levels[admin]", Change.ADDED, null, Map.of("name", "admin", "privileged", true)),
                        tuple("resources[crm].sensitivity", Change.CHANGED, "MEDIUM", "HIGH"));
    }

    @Test
    void sodRulesAreKeyedByIdAndTheirSidesChangeAsAWhole() {
        // given SOD-1 gains an entitlement on its right side and SOD-2 is new
        PolicyDocument.SodRule wider = new PolicyDocument.SodRule("SOD-1", RULE.name(), RULE.severity(), RULE.left(),
                List.of(Entitlement.parse("crm:read"), Entitlement.parse("crm:edit")), RULE.mitigation());
        PolicyDocument.SodRule second = new PolicyDocument.SodRule("SOD-2", "x", Sensitivity.LOW, RULE.left(),
                RULE.right(), Mitigation.EXCEPTION_BY_COMPLIANCE);
        // when
        List<PolicyDiff.Entry> diff = PolicyDiff.between(V1, v2(V1.resources(), V1.profiles(), List.of(second, wider)));
        // then
        assertThat(diff).extracting(PolicyDiff.Entry::path, PolicyDiff.Entry::change).containsExactly(
                tuple("sodRules[SOD-1].right", Change.CHANGED), tuple("sodRules[SOD-2]", Change.ADDED));
        assertThat(diff.get(0).before()).isEqualTo(List.of("crm:read"));
        assertThat(diff.get(0).after()).isEqualTo(List.of("crm:read", "crm:edit"));
    }

    @Test
    void profilesAreKeyedByDepartmentAndJobTitleWithAStarForAny() {
        // given a profile for everyone and a richer Sales profile
        PolicyDocument.Profile everyone = new PolicyDocument.Profile(null, null, List.of(Entitlement.parse("wiki:read")));
        PolicyDocument.Profile richerSales = new PolicyDocument.Profile("Sales", "AE",
                List.of(Entitlement.parse("crm:read"), Entitlement.parse("wiki:read")));
        // when / then
        assertThat(PolicyDiff.between(V1, v2(V1.resources(), List.of(richerSales, everyone), V1.sodRules())))
                .extracting(PolicyDiff.Entry::path, PolicyDiff.Entry::change).containsExactly(
                        tuple("profiles[*/*]", Change.ADDED), tuple("profiles[Sales/AE].entitlements", Change.CHANGED));
    }

    @Test
    void prerequisitesCadencesApprovalAndAutoApprovalAreComparedFieldByFieldInTheDocumentsOrder() {
        // given version 2 drops MFA for HIGH, adds a MEDIUM cadence, shortens the task deadline, stops auto-approval
        PolicyDocument after = new PolicyDocument("2", V1.resources(), V1.profiles(), V1.sodRules(),
                Map.of("HIGH", new PolicyDocument.Prerequisite(730, false, false)),
                Map.of(Sensitivity.LOW, Duration.ofDays(365), Sensitivity.MEDIUM, Duration.ofDays(180)), null,
                Duration.ofDays(200), new PolicyDocument.Approval(Duration.ofDays(1)));
        // when
        List<PolicyDiff.Entry> diff = PolicyDiff.between(V1, after);
        // then
        assertThat(diff).extracting(PolicyDiff.Entry::path, PolicyDiff.Entry::change, PolicyDiff.Entry::before,
                PolicyDiff.Entry::after)
                .containsExactly(
                        tuple("prerequisites.HIGH.mfa", Change.CHANGED, true, false),
                        tuple("reviewCadence.MEDIUM", Change.ADDED, null, "P180D"),
                        tuple("defaultReviewCadence", Change.CHANGED, "P365D", "P200D"),
                        tuple("approval.taskDueAfter", Change.CHANGED, "P3D", "P1D"),
                        tuple("autoApprove", Change.REMOVED, Map.of("inProfileMaxSensitivity", "LOW"), null));
    }

    @Test
    void writingOutTheDefaultsHasNoEntries() {
        // given version 2 spells out the default cadence and task deadline
        PolicyDocument after = new PolicyDocument("2", V1.resources(), V1.profiles(), V1.sodRules(),
                V1.prerequisites(), V1.reviewCadence(), V1.autoApprove(), Duration.ofDays(365),
                new PolicyDocument.Approval(Duration.ofDays(3)));
        // when / then
        assertThat(PolicyDiff.between(V1, after)).isEmpty();
    }

    @Test
    void theDiffBackwardsSwapsAddedAndRemovedAndBeforeAndAfter() {
        // given version 2 adds a resource and raises another
        PolicyDocument later = v2(List.of(WIKI, resource("crm", Sensitivity.HIGH, "read"),
                resource("aaa", Sensitivity.LOW, "read")), V1.profiles(), V1.sodRules());
        // when
        List<PolicyDiff.Entry> backwards = PolicyDiff.between(later, V1);
        // then
        assertThat(backwards).extracting(PolicyDiff.Entry::path, PolicyDiff.Entry::change).containsExactly(
                tuple("resources[aaa]", Change.REMOVED), tuple("resources[crm].sensitivity", Change.CHANGED));
        assertThat(backwards.get(1).before()).isEqualTo("HIGH");
        assertThat(backwards.get(1).after()).isEqualTo("MEDIUM");
    }
}
