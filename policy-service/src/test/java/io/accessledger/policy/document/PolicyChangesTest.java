package io.accessledger.policy.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Mitigation;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.policy.document.PolicyDocument;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyChangesTest {
    private static final PolicyDocument.Resource WIKI = resource("wiki", Sensitivity.LOW);
    private static final PolicyDocument.Resource CRM = resource("crm", Sensitivity.MEDIUM);
    private static final PolicyDocument.Resource PROD = resource("prod", Sensitivity.CRITICAL);
    private static final PolicyDocument.SodRule RULE = new PolicyDocument.SodRule("SOD-1", "read vs admin",
            Sensitivity.HIGH, List.of(Entitlement.parse("wiki:read")), List.of(Entitlement.parse("crm:read")),
            Mitigation.BLOCK);
    private static final PolicyDocument.Profile SALES = new PolicyDocument.Profile("Sales", "AE",
            List.of(Entitlement.parse("crm:read")));
    private static final PolicyDocument BASE = new PolicyDocument("1", List.of(WIKI, CRM), List.of(SALES),
            List.of(RULE), Map.of("HIGH", new PolicyDocument.Prerequisite(730, false, true)),
            Map.of(Sensitivity.LOW, Duration.ofDays(365)), new PolicyDocument.AutoApprove(Sensitivity.LOW));

    private static PolicyDocument.Resource resource(String id, Sensitivity sensitivity) {
        return new PolicyDocument.Resource(id, id.toUpperCase(), "okta", null, sensitivity, List.of(),
                List.of(new PolicyDocument.Level("read", false)), null);
    }

    private static PolicyDocument with(List<PolicyDocument.Resource> resources, List<PolicyDocument.Profile> profiles,
            List<PolicyDocument.SodRule> rules) {
        return new PolicyDocument("2", resources, profiles, rules, BASE.prerequisites(), BASE.reviewCadence(),
                BASE.autoApprove());
    }

    @Test
    void theFirstVersionIsSummarisedByCounts() {
        assertThat(PolicyChanges.between(null, BASE))
                .containsExactly("first version: 2 resources, 1 profiles, 1 SoD rules");
    }

    @Test
    void theSameContentUnderAnotherVersionIsNoChange() {
        assertThat(PolicyChanges.between(BASE, with(BASE.resources(), BASE.profiles(), BASE.sodRules())))
                .containsExactly("no change in content");
    }

    @Test
    void addedRemovedAndChangedResourcesAreNamedSorted() {
        PolicyDocument.Resource crmHigher = resource("crm", Sensitivity.HIGH);
        PolicyDocument.Resource aaa = resource("aaa", Sensitivity.LOW);
        assertThat(PolicyChanges.between(BASE, with(List.of(crmHigher, PROD, aaa), BASE.profiles(),
                BASE.sodRules()))).containsExactly("resource added: aaa", "resource added: prod",
                "resource removed: wiki", "resource changed: crm");
    }

    @Test
    void sodRuleChangesAreNamedByRuleId() {
        PolicyDocument.SodRule stricter = new PolicyDocument.SodRule("SOD-1", RULE.name(), Sensitivity.CRITICAL,
                RULE.left(), RULE.right(), RULE.mitigation());
        PolicyDocument.SodRule second = new PolicyDocument.SodRule("SOD-2", "x", Sensitivity.LOW, RULE.left(),
                RULE.right(), Mitigation.EXCEPTION_BY_COMPLIANCE);
        assertThat(PolicyChanges.between(BASE, with(BASE.resources(), BASE.profiles(), List.of(stricter, second))))
                .containsExactly("sodRule added: SOD-2", "sodRule changed: SOD-1");
        assertThat(PolicyChanges.between(BASE, with(BASE.resources(), BASE.profiles(), List.of())))
                .containsExactly("sodRule removed: SOD-1");
    }

    @Test
    void profileChangesAreNamedByDepartmentAndJobTitle() {
        PolicyDocument.Profile everyone = new PolicyDocument.Profile(null, null, List.of(Entitlement.parse("wiki:read")));
        PolicyDocument.Profile richerSales = new PolicyDocument.Profile("Sales", "AE",
                List.of(Entitlement.parse("crm:read"), Entitlement.parse("wiki:read")));
        assertThat(PolicyChanges.between(BASE, with(BASE.resources(), List.of(richerSales, everyone),
                BASE.sodRules()))).containsExactly("profile added: null/null", "profile changed: Sales/AE");
    }

    @Test
    void prerequisitesCadenceAndAutoApprovalChangesAreReported() {
        PolicyDocument after = new PolicyDocument("2", BASE.resources(), BASE.profiles(), BASE.sodRules(), Map.of(),
                Map.of(Sensitivity.LOW, Duration.ofDays(180)), new PolicyDocument.AutoApprove(Sensitivity.MEDIUM));
        assertThat(PolicyChanges.between(BASE, after)).containsExactly("prerequisites changed",
                "reviewCadence changed", "autoApprove changed");
    }

    @Test
    void aNewTaskDeadlineOrDefaultCadenceIsReported() {
        PolicyDocument after = new PolicyDocument("2", BASE.resources(), BASE.profiles(), BASE.sodRules(),
                BASE.prerequisites(), BASE.reviewCadence(), BASE.autoApprove(), Duration.ofDays(200),
                new PolicyDocument.Approval(Duration.ofDays(1)));
        assertThat(PolicyChanges.between(BASE, after)).containsExactly("defaultReviewCadence changed",
                "approval changed");
    }

    @Test
    void writingOutTheDefaultsIsNoChange() {
        PolicyDocument after = new PolicyDocument("2", BASE.resources(), BASE.profiles(), BASE.sodRules(),
                BASE.prerequisites(), BASE.reviewCadence(), BASE.autoApprove(), Duration.ofDays(365),
                new PolicyDocument.Approval(Duration.ofDays(3)));
        assertThat(PolicyChanges.between(BASE, after)).containsExactly("no change in content");
    }

    @Test
    void droppingAutoApprovalIsAChange() {
        PolicyDocument after = new PolicyDocument("2", BASE.resources(), BASE.profiles(), BASE.sodRules(),
                BASE.prerequisites(), BASE.reviewCadence(), null);
        assertThat(PolicyChanges.between(BASE, after)).containsExactly("autoApprove changed");
    }
}
