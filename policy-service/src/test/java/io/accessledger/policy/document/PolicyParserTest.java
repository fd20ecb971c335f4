package io.accessledger.policy.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Mitigation;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.policy.document.PolicyDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyParserTest {
    private final PolicyParser parser = new PolicyParser();

    private static final String MINIMAL = """
            version: draft
            resources:
              - id: wiki
                name: Wiki
                target: okta
                sensitivity: LOW
                levels: [{name: read, privileged: false}]
            """;

    private static String demoPolicy() throws IOException {
        try (InputStream in = PolicyParserTest.class.getResourceAsStream("/policy/demo-policy.yaml")) {
            assertThat(in).as("policy/demo-policy.yaml on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private PolicyParser.InvalidPolicyException refusal(String text) {
        PolicyParser.InvalidPolicyException e = catchThrowableOfType(PolicyParser.InvalidPolicyException.class,
                () -> parser.parse(text));
        assertThat(e).as("the document is refused").isNotNull();
        return e;
    }

    @Test
    void theDemoPolicyParses() throws IOException {
        PolicyDocument demo = parser.parse(demoPolicy());
        assertThat(demo.version()).isEqualTo("draft");
        assertThat(demo.resources()).hasSize(17);
        assertThat(demo.profiles()).hasSize(12);
        assertThat(demo.sodRules()).extracting(PolicyDocument.SodRule::id)
                .containsExactly("SOD-FIN-001", "SOD-FIN-002", "SOD-ENG-001", "SOD-IAM-001");
        assertThat(demo.prerequisites()).containsOnlyKeys("privileged", "CRITICAL", "HIGH");
        assertThat(demo.prerequisites().get("HIGH"))
                .isEqualTo(new PolicyDocument.Prerequisite(730, false, true));
        assertThat(demo.reviewCadence()).containsEntry(Sensitivity.MEDIUM, Duration.ofDays(180));
        assertThat(demo.autoApprove().inProfileMaxSensitivity()).isEqualTo(Sensitivity.LOW);
        assertThat(demo.defaultReviewCadence()).isEqualTo(Duration.ofDays(365));
        assertThat(demo.approval()).isEqualTo(new PolicyDocument.Approval(Duration.ofDays(3)));
        assertThat(demo.resource("aws-prod")).hasValueSatisfying(resource -> {
            assertThat(resource.sensitivity()).isEqualTo(Sensitivity.CRITICAL);
            assertThat(resource.maxDuration()).isEqualTo(Duration.ofDays(30));
            assertThat(resource.level("admin")).hasValue(new PolicyDocument.Level("admin", true));
            assertThat(resource.tags()).containsExactly("SOC2");
        });
        assertThat(demo.sodRules().get(3).left()).containsExactly(Entitlement.parse("okta-admin:super-admin"),
                Entitlement.parse("okta-admin:helpdesk"));
        assertThat(demo.sodRules().get(0).mitigation()).isEqualTo(Mitigation.EXCEPTION_BY_COMPLIANCE);
        assertThat(demo.standardProfile("Finance", "AP Clerk")).containsExactly(
                Entitlement.parse("confluence:read"), Entitlement.parse("slack-workspace:member"),
                Entitlement.parse("vpn:user"), Entitlement.parse("netsuite-ap:read"),
                Entitlement.parse("netsuite-ap:create-vendor"));
    }

    @Test
    void aMinimalDocumentParsesWithEmptyDefaults() {
        PolicyDocument document = parser.parse(MINIMAL);
        assertThat(document.resources()).singleElement().satisfies(r -> {
            assertThat(r.tags()).isEmpty();
            assertThat(r.maxDuration()).isNull();
            assertThat(r.ownerId()).isNull();
        });
        assertThat(document.profiles()).isEmpty();
        assertThat(document.sodRules()).isEmpty();
        assertThat(document.prerequisites()).isEmpty();
        assertThat(document.reviewCadence()).isEmpty();
        assertThat(document.autoApprove()).isNull();
    }

    @Test
    void anUnknownKeyIsRefusedNamingItsPathAndLine() {
        String text = """
                version: draft
                resources:
                  - id: wiki
                    name: Wiki
                    target: okta
                    colour: blue
                    sensitivity: LOW
                    levels: [{name: read, privileged: false}]
                """;
        PolicyParser.InvalidPolicyException e = refusal(text);
        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("resources[0].colour");
            assertThat(problem.line()).isEqualTo(6);
        });
    }

    @Test
    void anUnknownKeyIsRefusedNamingItsPath() {
        String text = """
                version: draft
                resources:
                  - id: wiki
                    name: Wiki
                    target: okta
                    colour: blue
                    sensitivity: LOW
                    levels: [{name: read, privileged: false}]
                """;
        PolicyParser.InvalidPolicyException e = refusal(text);
        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("resources[0].colour");
            assertThat(problem.line()).isNotNull();
            assertThat(problem.message()).contains("colour");
        });
        assertThat(e).hasMessageContaining("resources[0].colour");
    }

    @Test
    void anUnknownTopLevelKeyIsRefusedNamingIt() {
        assertThat(refusal("owner: E1\n" + MINIMAL).problems()).singleElement()
                .satisfies(problem -> assertThat(problem.path()).isEqualTo("owner"));
    }

    @Test
    void anSodRuleOnAnUnknownLevelIsRefusedNamingTheReference() {
        String text = MINIMAL + """
                sodRules:
                  - {id: SOD-1, name: Reading vs writing, severity: HIGH, left: ["wiki:write"], right: ["wiki:read"],
                     mitigation: BLOCK}
                """;
        PolicyParser.InvalidPolicyException e = refusal(text);
        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("sodRules[0].left[0]");
            assertThat(problem.message()).contains("wiki:write");
        });
        assertThat(e).hasMessageContaining("sodRules[0].left[0]");
    }

    @Test
    void anSodRuleOnAnUnknownResourceIsRefusedOnTheRightSideToo() {
        String text = MINIMAL + """
                sodRules:
                  - {id: SOD-1, name: x, severity: HIGH, left: ["wiki:read"], right: ["wiki:read", "crm:edit"],
                     mitigation: BLOCK}
                """;
        assertThat(refusal(text).problems()).extracting(PolicyParser.Problem::path)
                .containsExactly("sodRules[0].right[1]");
    }

    @Test
    void aProfileOnAnUnknownLevelIsRefused() {
        String text = MINIMAL + """
                profiles:
                  - {department: Sales, entitlements: ["wiki:read", "wiki:admin"]}
                """;
        assertThat(refusal(text).problems()).extracting(PolicyParser.Problem::path)
                .containsExactly("profiles[0].entitlements[1]");
    }

    @Test
    void jsonInputWorks() {
        String json = """
                {"version": "draft",
                 "resources": [{"id": "wiki", "name": "Wiki", "target": "okta", "sensitivity": "LOW",
                                "maxDuration": "P30D", "levels": [{"name": "read", "privileged": false}]}],
                 "profiles": [{"entitlements": ["wiki:read"]}],
                 "reviewCadence": {"LOW": "P365D"},
                 "autoApprove": {"inProfileMaxSensitivity": "LOW"}}
                """;
        PolicyDocument document = parser.parse(json);
        assertThat(document.resource("wiki")).hasValueSatisfying(
                r -> assertThat(r.maxDuration()).isEqualTo(Duration.ofDays(30)));
        assertThat(document.profiles().get(0).entitlements()).containsExactly(Entitlement.parse("wiki:read"));
        assertThat(document.reviewCadence()).containsEntry(Sensitivity.LOW, Duration.ofDays(365));
    }

    @Test
    void anUnknownKeyInJsonIsRefusedToo() {
        assertThat(refusal("{\"version\": \"draft\", \"resourcez\": []}").problems()).singleElement()
                .satisfies(problem -> assertThat(problem.path()).isEqualTo("resourcez"));
    }

    @Test
    void duplicateResourceIdsAreRefused() {
        String text = MINIMAL + """
                  - {id: wiki, name: Wiki again, target: okta, sensitivity: LOW, levels: [{name: edit, privileged: false}]}
                """;
        assertThat(refusal(text).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("resources[1].id");
            assertThat(problem.message()).contains("duplicate").contains("wiki");
        });
    }

    @Test
    void everyProblemOfAResourceIsReportedAtOnce() {
        String text = """
                resources:
                  - {id: wiki, name: Wiki, maxDuration: P0D, levels: []}
                """;
        assertThat(refusal(text).problems()).extracting(PolicyParser.Problem::path).containsExactly(
                "resources[0].sensitivity", "resources[0].target", "resources[0].levels", "resources[0].maxDuration");
    }

    @Test
    void aResourceIdWithAColonIsRefused() {
        String text = """
                resources:
                  - {id: "a:b", name: x, target: okta, sensitivity: LOW, levels: [{name: read, privileged: false}]}
                """;
        assertThat(refusal(text).problems()).extracting(PolicyParser.Problem::path)
                .containsExactly("resources[0].id");
    }

    @Test
    void anSodRuleNeedsAUniqueIdSeverityMitigationAndBothSides() {
        String text = MINIMAL + """
                sodRules:
                  - {id: SOD-1, name: a, severity: HIGH, left: ["wiki:read"], right: ["wiki:read"], mitigation: BLOCK}
                  - {id: SOD-1, name: b, left: ["wiki:read"], right: []}
                """;
        assertThat(refusal(text).problems()).extracting(PolicyParser.Problem::path)
                .containsExactly("sodRules[1].id", "sodRules[1]", "sodRules[1]");
    }

    @Test
    void anUnknownPrerequisiteKeyIsRefused() {
        String text = MINIMAL + """
                prerequisites:
                  admin: {mfa: true}
                  HIGH: {mfa: true}
                """;
        assertThat(refusal(text).problems()).extracting(PolicyParser.Problem::path)
                .containsExactly("prerequisites.admin");
    }

    @Test
    void aNegativeReviewCadenceIsRefused() {
        assertThat(refusal(MINIMAL + "reviewCadence: {LOW: P-1D}\n").problems())
                .extracting(PolicyParser.Problem::path).containsExactly("reviewCadence.LOW");
    }

    @Test
    void withoutTheOptionalSettingsTheDocumentHoldsTheirDefaults() {
        PolicyDocument document = parser.parse(MINIMAL);
        assertThat(document.approval().taskDueAfter()).isEqualTo(Duration.ofDays(3));
        assertThat(document.defaultReviewCadence()).isEqualTo(Duration.ofDays(365));
        assertThat(document.reviewCadenceFor(Sensitivity.LOW)).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void theTaskDeadlineAndTheDefaultReviewCadenceAreReadFromTheDocument() {
        PolicyDocument document = parser.parse(MINIMAL + """
                reviewCadence: {HIGH: P90D}
                defaultReviewCadence: P200D
                approval: {taskDueAfter: PT36H}
                """);
        assertThat(document.approval().taskDueAfter()).isEqualTo(Duration.ofHours(36));
        assertThat(document.reviewCadenceFor(Sensitivity.LOW)).isEqualTo(Duration.ofDays(200));
        assertThat(document.reviewCadenceFor(Sensitivity.HIGH)).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void anEmptyApprovalBlockKeepsTheDefaultDeadline() {
        assertThat(parser.parse(MINIMAL + "approval: {}\n").approval().taskDueAfter())
                .isEqualTo(Duration.ofDays(3));
    }

    @Test
    void aTaskDeadlineThatIsNotADurationIsRefusedNamingItsPathAndLine() {
        assertThat(refusal(MINIMAL + "approval:\n  taskDueAfter: three days\n").problems()).singleElement()
                .satisfies(problem -> {
                    assertThat(problem.path()).isEqualTo("approval.taskDueAfter");
                    assertThat(problem.line()).isEqualTo(9);
                });
    }

    @Test
    void aZeroTaskDeadlineOrDefaultCadenceIsRefused() {
        assertThat(refusal(MINIMAL + "approval: {taskDueAfter: PT0S}\ndefaultReviewCadence: P-1D\n").problems())
                .extracting(PolicyParser.Problem::path)
                .containsExactlyInAnyOrder("approval.taskDueAfter", "defaultReviewCadence");
    }

    @Test
    void anUnknownKeyInTheApprovalBlockIsRefused() {
        assertThat(refusal(MINIMAL + "approval: {reminderAfter: P1D}\n").problems())
                .extracting(PolicyParser.Problem::path).containsExactly("approval.reminderAfter");
    }

    @Test
    void anUnknownSensitivityIsRefusedNamingThePath() {
        String text = MINIMAL.replace("sensitivity: LOW", "sensitivity: EXTREME");
        assertThat(refusal(text).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("resources[0].sensitivity");
            assertThat(problem.line()).isEqualTo(6);
        });
    }

    @Test
    void aMalformedEntitlementIsRefused() {
        String text = MINIMAL + """
                profiles:
                  - {entitlements: ["wiki"]}
                """;
        assertThat(refusal(text).problems()).singleElement()
                .satisfies(problem -> assertThat(problem.path()).isEqualTo("profiles[0].entitlements[0]"));
    }

    @Test
    void anEmptyDocumentIsRefused() {
        assertThat(refusal("").problems()).singleElement()
                .satisfies(problem -> assertThat(problem.path()).isEqualTo("$"));
    }

    @Test
    void brokenSyntaxIsRefusedWithItsLine() {
        assertThat(refusal("version: draft\nresources: [\n  {id: wiki\n").problems()).singleElement()
                .satisfies(problem -> {
                    assertThat(problem.line()).isEqualTo(3);
                    assertThat(problem.message()).contains("flow mapping");
                });
    }

    @Test
    void aProblemReadsAsLineAndPath() {
        assertThat(new PolicyParser.Problem("sodRules[0]", 4, "bad")).hasToString("line 4, sodRules[0]: bad");
        assertThat(new PolicyParser.Problem("sodRules[0]", null, "bad")).hasToString("sodRules[0]: bad");
        assertThatThrownBy(() -> parser.parse("resources: 3")).isInstanceOf(PolicyParser.InvalidPolicyException.class);
    }
}
