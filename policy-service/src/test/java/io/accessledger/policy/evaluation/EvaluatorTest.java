package io.accessledger.policy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.BackgroundCheck;
import io.accessledger.events.model.ConflictSource;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Finding;
import io.accessledger.events.model.ResourceSnapshot;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.Stage;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.policy.document.PolicyParser;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules one by one ({@link PolicyRules}) and together ({@link Evaluator#evaluate}). */
class EvaluatorTest {
    static final String POLICY_YAML = """
            version: "9"
            resources:
              - {id: wiki, name: Wiki, target: okta, ownerId: E900, sensitivity: LOW, tags: [],
                 levels: [{name: read, privileged: false}, {name: admin, privileged: true}]}
              - {id: crm, name: CRM, target: okta, ownerId: E901, sensitivity: MEDIUM, tags: [SOC2],
                 levels: [{name: read, privileged: false}, {name: edit, privileged: false}]}
              - {id: repo, name: Code, target: okta, sensitivity: MEDIUM, tags: [internal],
                 levels: [{name: read, privileged: false}, {name: write, privileged: false}]}
              - {id: ledger, name: Ledger, target: manual, ownerId: E902, sensitivity: HIGH, tags: [],
                 levels: [{name: read, privileged: false}, {name: post, privileged: false},
                          {name: approve, privileged: false}]}
              - {id: payments, name: Payments, target: manual, sensitivity: HIGH, tags: [],
                 levels: [{name: create-vendor, privileged: false}, {name: pay, privileged: false}]}
              - {id: prod, name: Production, target: entra, ownerId: E903, sensitivity: CRITICAL, tags: [],
                 maxDuration: P30D, levels: [{name: read, privileged: false}, {name: admin, privileged: true}]}
            profiles:
              - {entitlements: ["wiki:read"]}
              - {department: Engineering, jobTitle: Engineer, entitlements: ["repo:write", "crm:read", "prod:read"]}
              - {department: Finance, entitlements: ["ledger:read", "ledger:post"]}
            sodRules:
              - {id: SOD-1, name: Posting vs approving, severity: HIGH, left: ["ledger:post"],
                 right: ["ledger:approve"], mitigation: BLOCK}
              - {id: SOD-2, name: Vendors vs payments, severity: CRITICAL, left: ["payments:create-vendor"],
                 right: ["payments:pay", "ledger:approve"], mitigation: EXCEPTION_BY_COMPLIANCE}
            prerequisites:
              privileged: {securityTrainingWithinDays: 365, backgroundCheck: true, mfa: true}
              HIGH: {securityTrainingWithinDays: 730, mfa: true}
            reviewCadence: {LOW: P365D, MEDIUM: P180D, HIGH: P90D}
            autoApprove: {inProfileMaxSensitivity: LOW}
            """;
    static final PolicyDocument POLICY = new PolicyParser().parse(POLICY_YAML);
    static final LocalDate TODAY = LocalDate.parse("2025-06-30");
    static final EmployeeId ID = EmployeeId.of("E1");

    static EmployeeProfile person(String department, String jobTitle, LocalDate trained, BackgroundCheck background,
            Boolean mfa) {
        return new EmployeeProfile(ID, "Ada", "ada@example.com", department, jobTitle, EmployeeId.of("E9"),
                EmploymentType.EMPLOYEE, EmploymentStatus.ACTIVE, trained, background, mfa);
    }

    /** An engineer who meets every prerequisite. */
    static final EmployeeProfile ENGINEER = person("Engineering", "Engineer", TODAY.minusDays(10),
            BackgroundCheck.COMPLETE, true);
    static final EmployeeProfile ACCOUNTANT = person("Finance", "Accountant", TODAY.minusDays(10),
            BackgroundCheck.COMPLETE, true);

    static PolicyDocument.Resource resource(String id) {
        return POLICY.resource(id).orElseThrow();
    }

    static Evaluator.Evaluation evaluate(EmployeeProfile person, String entitlement) {
        return evaluate(POLICY, person, entitlement, null, Set.of(), Set.of());
    }

    static Evaluator.Evaluation evaluate(PolicyDocument policy, EmployeeProfile person, String entitlement,
            Duration duration, Set<Entitlement> held, Set<Entitlement> pending) {
        return Evaluator.evaluate(policy, new Evaluator.Input(ID.value(), person, Entitlement.parse(entitlement),
                duration, held, pending, TODAY));
    }

    static List<String> rules(Evaluator.Evaluation evaluation) {
        return evaluation.findings().stream().map(Finding::rule).toList();
    }

    static Set<Entitlement> entitlements(String... texts) {
        return java.util.Arrays.stream(texts).map(Entitlement::parse).collect(java.util.stream.Collectors.toSet());
    }

    @Nested
    class StandardProfile {
        @Test
        void anEntitlementInTheProfileOfThePositionIsNoFinding() {
            assertThat(PolicyRules.exceedsStandardProfile(POLICY, ENGINEER, Entitlement.parse("repo:write")))
                    .isEmpty();
        }

        @Test
        void anEntitlementInTheProfileOfEveryoneIsNoFinding() {
            assertThat(PolicyRules.exceedsStandardProfile(POLICY, ACCOUNTANT, Entitlement.parse("wiki:read")))
                    .isEmpty();
        }

        @Test
        void aDepartmentWideProfileAppliesWhateverTheJobTitle() {
            assertThat(PolicyRules.exceedsStandardProfile(POLICY, ACCOUNTANT, Entitlement.parse("ledger:post")))
                    .isEmpty();
        }

        @Test
        void anEntitlementOutsideTheProfileIsAFindingAsSevereAsTheResource() {
            assertThat(PolicyRules.exceedsStandardProfile(POLICY, ENGINEER, Entitlement.parse("ledger:read")))
                    .hasValueSatisfying(finding -> {
                        assertThat(finding.rule()).isEqualTo("exceedsStandardProfile");
                        assertThat(finding.severity()).isEqualTo(Sensitivity.HIGH);
                        assertThat(finding.message()).contains("ledger:read").contains("Engineering / Engineer");
                    });
        }

        @Test
        void anotherLevelOfAProfileResourceIsOutsideTheProfile() {
            assertThat(PolicyRules.exceedsStandardProfile(POLICY, ENGINEER, Entitlement.parse("crm:edit")))
                    .isPresent();
        }

        @Test
        void anUnknownBeneficiaryIsNotComparedWithAProfile() {
            assertThat(PolicyRules.exceedsStandardProfile(POLICY, null, Entitlement.parse("ledger:read"))).isEmpty();
        }

        @Test
        void anUnknownBeneficiaryIsAHighFinding() {
            assertThat(PolicyRules.unknownBeneficiary(null, "E77")).hasValueSatisfying(finding -> {
                assertThat(finding.rule()).isEqualTo("unknownBeneficiary");
                assertThat(finding.severity()).isEqualTo(Sensitivity.HIGH);
                assertThat(finding.message()).contains("E77");
            });
            assertThat(PolicyRules.unknownBeneficiary(ENGINEER, "E1")).isEmpty();
        }
    }

    @Nested
    class SeparationOfDuties {
        @Test
        void aHeldCounterpartIsAHeldConflict() {
            assertThat(PolicyRules.sodConflicts(POLICY, Entitlement.parse("ledger:approve"),
                    entitlements("ledger:post"), Set.of()))
                    .singleElement().satisfies(conflict -> {
                        assertThat(conflict.rule().id()).isEqualTo("SOD-1");
                        assertThat(conflict.conflicting()).isEqualTo(Entitlement.parse("ledger:post"));
                        assertThat(conflict.source()).isEqualTo(ConflictSource.HELD);
                    });
        }

        @Test
        void aPendingCounterpartIsAPendingConflict() {
            assertThat(PolicyRules.sodConflicts(POLICY, Entitlement.parse("ledger:post"), Set.of(),
                    entitlements("ledger:approve")))
                    .singleElement().satisfies(conflict -> {
                        assertThat(conflict.conflicting()).isEqualTo(Entitlement.parse("ledger:approve"));
                        assertThat(conflict.source()).isEqualTo(ConflictSource.PENDING);
                    });
        }

        @Test
        void heldWinsOverPendingForTheSameCounterpart() {
            assertThat(PolicyRules.sodConflicts(POLICY, Entitlement.parse("ledger:post"),
                    entitlements("ledger:approve"), entitlements("ledger:approve")))
                    .singleElement().satisfies(conflict -> assertThat(conflict.source()).isEqualTo(ConflictSource.HELD));
        }

        @Test
        void nothingHeldOrPendingOnTheOtherSideIsNoConflict() {
            assertThat(PolicyRules.sodConflicts(POLICY, Entitlement.parse("ledger:post"),
                    entitlements("ledger:read", "ledger:post", "wiki:read"), entitlements("repo:write"))).isEmpty();
        }

        @Test
        void anEntitlementInNoRuleIsNoConflict() {
            assertThat(PolicyRules.sodConflicts(POLICY, Entitlement.parse("wiki:read"),
                    entitlements("ledger:post", "ledger:approve"), Set.of())).isEmpty();
        }

        @Test
        void everyCollidingRuleAndCounterpartIsReported() {
            List<PolicyRules.Conflict> conflicts = PolicyRules.sodConflicts(POLICY, Entitlement.parse("ledger:approve"),
                    entitlements("ledger:post"), entitlements("payments:create-vendor"));
            assertThat(conflicts).extracting(c -> c.rule().id(), c -> c.conflicting().toString(), c -> c.source())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("SOD-1", "ledger:post", ConflictSource.HELD),
                            org.assertj.core.groups.Tuple.tuple("SOD-2", "payments:create-vendor",
                                    ConflictSource.PENDING));
        }

        @Test
        void aConflictIsAFindingAndNeedsIam() {
            Evaluator.Evaluation evaluation = evaluate(POLICY, ACCOUNTANT, "ledger:approve", null,
                    entitlements("ledger:post"), Set.of());
            assertThat(evaluation.findings()).filteredOn(f -> f.rule().equals("sodConflict")).singleElement()
                    .satisfies(finding -> {
                        assertThat(finding.severity()).isEqualTo(Sensitivity.HIGH);
                        assertThat(finding.message()).contains("SOD-1").contains("held ledger:post")
                                .contains("BLOCK");
                    });
            assertThat(evaluation.conflicts()).hasSize(1);
            assertThat(evaluation.requiredStages()).contains(Stage.IAM);
            assertThat(evaluation.autoApprovable()).isFalse();
        }

        @Test
        void aBlockingConflictDoesNotSeekCompliance() {
            Evaluator.Evaluation evaluation = evaluate(POLICY, ACCOUNTANT, "ledger:approve", null,
                    entitlements("ledger:post"), Set.of());
            assertThat(evaluation.requiredStages()).doesNotContain(Stage.COMPLIANCE);
        }

        @Test
        void aConflictThatComplianceMayExceptNeedsCompliance() {
            Evaluator.Evaluation evaluation = evaluate(POLICY, ACCOUNTANT, "payments:pay", null, Set.of(),
                    entitlements("payments:create-vendor"));
            assertThat(evaluation.conflicts()).singleElement()
                    .satisfies(c -> assertThat(c.source()).isEqualTo(ConflictSource.PENDING));
            assertThat(evaluation.requiredStages()).contains(Stage.IAM, Stage.COMPLIANCE);
            assertThat(evaluation.riskLevel()).isEqualTo(Sensitivity.CRITICAL);
        }
    }

    @Nested
    class PrivilegedAndRegulated {
        @Test
        void aPrivilegedLevelIsAHighFinding() {
            assertThat(PolicyRules.privilegedAccess(resource("wiki"), "admin")).hasValueSatisfying(finding -> {
                assertThat(finding.rule()).isEqualTo("privilegedAccess");
                assertThat(finding.severity()).isEqualTo(Sensitivity.HIGH);
                assertThat(finding.message()).contains("wiki:admin");
            });
        }

        @Test
        void anOrdinaryOrUnknownLevelIsNotPrivileged() {
            assertThat(PolicyRules.privilegedAccess(resource("wiki"), "read")).isEmpty();
            assertThat(PolicyRules.privilegedAccess(resource("wiki"), "owner")).isEmpty();
        }

        @Test
        void aRegulatedTagIsAFindingAsSevereAsTheResource() {
            assertThat(PolicyRules.regulatedData(resource("crm"))).hasValueSatisfying(finding -> {
                assertThat(finding.rule()).isEqualTo("regulatedData");
                assertThat(finding.severity()).isEqualTo(Sensitivity.MEDIUM);
                assertThat(finding.message()).contains("SOC2");
            });
        }

        @ParameterizedTest
        @ValueSource(strings = {"SOX", "HIPAA", "SOC2", "PCI", "PCI-DSS", "GDPR"})
        void everyRegulatedTagCounts(String tag) {
            PolicyDocument.Resource tagged = new PolicyDocument.Resource("r", "R", "okta", null, Sensitivity.LOW,
                    List.of("internal", tag), List.of(new PolicyDocument.Level("read", false)), null);
            assertThat(PolicyRules.regulatedData(tagged)).isPresent();
        }

        @Test
        void otherTagsAreNotRegulated() {
            assertThat(PolicyRules.regulatedData(resource("repo"))).isEmpty();
            assertThat(PolicyRules.regulatedData(resource("wiki"))).isEmpty();
        }
    }

    @Nested
    class Prerequisites {
        private List<Finding> missing(String resourceId, String level, EmployeeProfile person) {
            return PolicyRules.prerequisitesMissing(POLICY, resource(resourceId), level, person, TODAY);
        }

        @Test
        void trainingExactlyAtTheLimitIsRecentEnough() {
            EmployeeProfile person = person("Finance", "Accountant", TODAY.minusDays(730), BackgroundCheck.COMPLETE,
                    true);
            assertThat(missing("ledger", "read", person)).isEmpty();
        }

        @Test
        void trainingOneDayOverTheLimitIsMissing() {
            EmployeeProfile person = person("Finance", "Accountant", TODAY.minusDays(731), BackgroundCheck.COMPLETE,
                    true);
            assertThat(missing("ledger", "read", person)).singleElement().satisfies(finding -> {
                assertThat(finding.rule()).isEqualTo("prerequisitesMissing");
                assertThat(finding.severity()).isEqualTo(Sensitivity.HIGH);
                assertThat(finding.message()).contains("security training").contains("730 days");
            });
        }

        @Test
        void trainingNeverCompletedIsMissing() {
            assertThat(missing("ledger", "read", person("Finance", "Accountant", null, BackgroundCheck.COMPLETE,
                    true))).singleElement().satisfies(f -> assertThat(f.message()).contains("never completed"));
        }

        @Test
        void theStrictestTrainingWindowApplies() {
            // prod:admin is privileged (365 days) on a resource without own prerequisites; ledger is HIGH (730).
            // A privileged level of a HIGH resource gets both, and the shorter window wins.
            PolicyDocument.Resource highWithPrivilegedLevel = new PolicyDocument.Resource("vault", "Vault",
                    "manual", null, Sensitivity.HIGH, List.of(), List.of(new PolicyDocument.Level("root", true)),
                    null);
            EmployeeProfile trained400DaysAgo = person("Finance", "Accountant", TODAY.minusDays(400),
                    BackgroundCheck.COMPLETE, true);
            assertThat(PolicyRules.prerequisitesMissing(POLICY, highWithPrivilegedLevel, "root", trained400DaysAgo,
                    TODAY)).singleElement().satisfies(f -> assertThat(f.message()).contains("365 days"));
            assertThat(missing("ledger", "read", trained400DaysAgo)).isEmpty();
        }

        @Test
        void aPrivilegedLevelNeedsACompleteBackgroundCheck() {
            EmployeeProfile pending = person("Engineering", "Engineer", TODAY, BackgroundCheck.PENDING, true);
            assertThat(missing("prod", "admin", pending)).singleElement()
                    .satisfies(f -> assertThat(f.message()).isEqualTo("background check PENDING"));
            EmployeeProfile none = person("Engineering", "Engineer", TODAY, null, true);
            assertThat(missing("prod", "admin", none)).singleElement()
                    .satisfies(f -> assertThat(f.message()).isEqualTo("background check not started"));
            assertThat(missing("prod", "admin", ENGINEER)).isEmpty();
        }

        @Test
        void noBackgroundCheckIsAskedWhereNoPrerequisiteWantsIt() {
            assertThat(missing("ledger", "read", person("Finance", "Accountant", TODAY, BackgroundCheck.FAILED,
                    true))).isEmpty();
        }

        @Test
        void mfaMustBeEnrolled() {
            assertThat(missing("ledger", "read", person("Finance", "Accountant", TODAY, null, false)))
                    .singleElement().satisfies(f -> assertThat(f.message()).isEqualTo("MFA not enrolled"));
            assertThat(missing("ledger", "read", person("Finance", "Accountant", TODAY, null, null)))
                    .singleElement().satisfies(f -> assertThat(f.message()).isEqualTo("MFA not enrolled"));
        }

        @Test
        void everyMissingPrerequisiteIsAFinding() {
            assertThat(missing("prod", "admin", person("Engineering", "Engineer", null, null, null))).hasSize(3);
        }

        @Test
        void aResourceWithoutPrerequisitesAsksNothing() {
            assertThat(missing("repo", "write", person("Engineering", "Engineer", null, null, false))).isEmpty();
        }

        @Test
        void anUnknownPersonIsNotChecked() {
            assertThat(missing("prod", "admin", null)).isEmpty();
        }
    }

    @Nested
    class MaximumDuration {
        @Test
        void exactlyTheMaximumIsAllowed() {
            assertThat(PolicyRules.durationAboveMaximum(resource("prod"), Duration.ofDays(30))).isEmpty();
        }

        @Test
        void oneDayAboveTheMaximumIsAFinding() {
            assertThat(PolicyRules.durationAboveMaximum(resource("prod"), Duration.ofDays(31)))
                    .hasValueSatisfying(finding -> {
                        assertThat(finding.rule()).isEqualTo("durationAboveMaximum");
                        assertThat(finding.severity()).isEqualTo(Sensitivity.CRITICAL);
                        assertThat(finding.message()).contains("30 days").contains("31 days");
                    });
        }

        @Test
        void noEndOnATimeLimitedResourceIsAFinding() {
            assertThat(PolicyRules.durationAboveMaximum(resource("prod"), null))
                    .hasValueSatisfying(finding -> assertThat(finding.message()).contains("without end"));
        }

        @Test
        void aResourceWithoutMaximumTakesAnyDuration() {
            assertThat(PolicyRules.durationAboveMaximum(resource("wiki"), Duration.ofDays(10_000))).isEmpty();
            assertThat(PolicyRules.durationAboveMaximum(resource("wiki"), null)).isEmpty();
        }

        @Test
        void aDurationAboveTheMaximumNeedsIam() {
            Evaluator.Evaluation evaluation = evaluate(POLICY, ENGINEER, "prod:read", Duration.ofDays(31), Set.of(),
                    Set.of());
            assertThat(rules(evaluation)).containsExactly("durationAboveMaximum");
            assertThat(evaluation.requiredStages()).containsExactly(Stage.MANAGER, Stage.IAM, Stage.SECURITY);
            assertThat(evaluation.maxDuration()).isEqualTo(Duration.ofDays(30));
        }

        @Test
        void theMaximumItselfNeedsNoIam() {
            Evaluator.Evaluation evaluation = evaluate(POLICY, ENGINEER, "prod:read", Duration.ofDays(30), Set.of(),
                    Set.of());
            assertThat(evaluation.findings()).isEmpty();
            assertThat(evaluation.requiredStages()).containsExactly(Stage.MANAGER, Stage.SECURITY);
        }
    }

    @Nested
    class Routing {
        @Test
        void anInProfileLowRequestOfAQualifiedPersonIsAutoApprovable() {
            Evaluator.Evaluation evaluation = evaluate(ENGINEER, "wiki:read");
            assertThat(evaluation.findings()).isEmpty();
            assertThat(evaluation.conflicts()).isEmpty();
            assertThat(evaluation.requiredStages()).containsExactly(Stage.MANAGER);
            assertThat(evaluation.autoApprovable()).isTrue();
            assertThat(evaluation.riskLevel()).isEqualTo(Sensitivity.LOW);
            assertThat(evaluation.policyVersion()).isEqualTo("9");
            assertThat(evaluation.reviewCadence()).isEqualTo(Duration.ofDays(365));
            assertThat(evaluation.maxDuration()).isNull();
            assertThat(evaluation.resource()).isEqualTo(new ResourceSnapshot("wiki", "Wiki", "okta",
                    EmployeeId.of("E900"), Sensitivity.LOW, List.of(), false));
        }

        @Test
        void anInProfileRequestAboveTheAutoApprovalBoundNeedsTheManager() {
            Evaluator.Evaluation evaluation = evaluate(ENGINEER, "repo:write");
            assertThat(evaluation.findings()).isEmpty();
            assertThat(evaluation.requiredStages()).containsExactly(Stage.MANAGER);
            assertThat(evaluation.autoApprovable()).isFalse();
            assertThat(evaluation.reviewCadence()).isEqualTo(Duration.ofDays(180));
            assertThat(evaluation.resource().ownerId()).isNull();
        }

        @Test
        void theAutoApprovalBoundIsInclusive() {
            PolicyDocument mediumBound = new PolicyDocument(POLICY.version(), POLICY.resources(), POLICY.profiles(),
                    POLICY.sodRules(), POLICY.prerequisites(), POLICY.reviewCadence(),
                    new PolicyDocument.AutoApprove(Sensitivity.MEDIUM));
            assertThat(evaluate(mediumBound, ENGINEER, "repo:write", null, Set.of(), Set.of()).autoApprovable())
                    .isTrue();
        }

        @Test
        void withoutAnAutoApprovalBoundNothingIsAutoApprovable() {
            PolicyDocument noBound = new PolicyDocument(POLICY.version(), POLICY.resources(), POLICY.profiles(),
                    POLICY.sodRules(), POLICY.prerequisites(), POLICY.reviewCadence(), null);
            assertThat(evaluate(noBound, ENGINEER, "wiki:read", null, Set.of(), Set.of()).autoApprovable())
                    .isFalse();
        }

        @Test
        void anOutOfProfileRequestNeedsIamAndIsNotAutoApprovable() {
            Evaluator.Evaluation evaluation = evaluate(ACCOUNTANT, "repo:read");
            assertThat(rules(evaluation)).containsExactly("exceedsStandardProfile");
            assertThat(evaluation.requiredStages()).containsExactly(Stage.MANAGER, Stage.IAM);
            assertThat(evaluation.autoApprovable()).isFalse();
            assertThat(evaluation.riskLevel()).isEqualTo(Sensitivity.MEDIUM);
        }

        @Test
        void aPrivilegedLevelNeedsSecurityAndIsNeverAutoApprovable() {
            // wiki:admin is LOW, but privileged: a privilegedAccess finding (HIGH), plus the out-of-profile finding.
            Evaluator.Evaluation evaluation = evaluate(ENGINEER, "wiki:admin");
            assertThat(rules(evaluation)).containsExactly("exceedsStandardProfile", "privilegedAccess");
            assertThat(evaluation.requiredStages()).containsExactly(Stage.MANAGER, Stage.IAM, Stage.SECURITY);
            assertThat(evaluation.autoApprovable()).isFalse();
            assertThat(evaluation.riskLevel()).isEqualTo(Sensitivity.HIGH);
            assertThat(evaluation.resource().privilegedLevel()).isTrue();
        }

        @Test
        void aPrivilegedLevelInTheProfileIsStillNotAutoApprovable() {
            PolicyDocument adminsInProfile = new PolicyDocument(POLICY.version(), POLICY.resources(),
                    List.of(new PolicyDocument.Profile(null, null, List.of(Entitlement.parse("wiki:admin")))),
                    List.of(), POLICY.prerequisites(), POLICY.reviewCadence(), POLICY.autoApprove());
            Evaluator.Evaluation evaluation = evaluate(adminsInProfile, ENGINEER, "wiki:admin", null, Set.of(),
                    Set.of());
            assertThat(rules(evaluation)).containsExactly("privilegedAccess");
            assertThat(evaluation.autoApprovable()).isFalse();
        }

        @Test
        void aHighResourceNeedsSecurity() {
            Evaluator.Evaluation evaluation = evaluate(ACCOUNTANT, "ledger:post");
            assertThat(evaluation.findings()).isEmpty();
            assertThat(evaluation.requiredStages()).containsExactly(Stage.MANAGER, Stage.SECURITY);
            assertThat(evaluation.riskLevel()).isEqualTo(Sensitivity.HIGH);
            assertThat(evaluation.reviewCadence()).isEqualTo(Duration.ofDays(90));
        }

        @Test
        void aCriticalResourceNeedsSecurity() {
            Evaluator.Evaluation evaluation = evaluate(POLICY, ENGINEER, "prod:read", Duration.ofDays(7), Set.of(),
                    Set.of());
            assertThat(evaluation.findings()).isEmpty();
            assertThat(evaluation.requiredStages()).containsExactly(Stage.MANAGER, Stage.SECURITY);
            assertThat(evaluation.riskLevel()).isEqualTo(Sensitivity.CRITICAL);
        }

        @Test
        void aMediumResourceNeedsNoSecurity() {
            assertThat(evaluate(ENGINEER, "repo:write").requiredStages()).doesNotContain(Stage.SECURITY);
        }

        @Test
        void missingPrerequisitesNeedSecurity() {
            PolicyDocument mediumNeedsMfa = new PolicyDocument(POLICY.version(), POLICY.resources(),
                    POLICY.profiles(), POLICY.sodRules(),
                    java.util.Map.of("MEDIUM", new PolicyDocument.Prerequisite(null, null, true)),
                    POLICY.reviewCadence(), POLICY.autoApprove());
            EmployeeProfile noMfa = person("Engineering", "Engineer", TODAY, BackgroundCheck.COMPLETE, false);
            Evaluator.Evaluation evaluation = evaluate(mediumNeedsMfa, noMfa, "repo:write", null, Set.of(),
                    Set.of());
            assertThat(rules(evaluation)).containsExactly("prerequisitesMissing");
            assertThat(evaluation.requiredStages()).containsExactly(Stage.MANAGER, Stage.SECURITY);
            assertThat(evaluation.riskLevel()).isEqualTo(Sensitivity.HIGH);
            assertThat(evaluate(mediumNeedsMfa, ENGINEER, "repo:write", null, Set.of(), Set.of())
                    .requiredStages()).containsExactly(Stage.MANAGER);
        }

        @Test
        void regulatedDataNeedsCompliance() {
            Evaluator.Evaluation evaluation = evaluate(ENGINEER, "crm:read");
            assertThat(rules(evaluation)).containsExactly("regulatedData");
            assertThat(evaluation.requiredStages()).containsExactly(Stage.MANAGER, Stage.COMPLIANCE);
            assertThat(evaluation.autoApprovable()).isFalse();
        }

        @Test
        void anUnknownBeneficiaryNeedsIamAndIsCheckedForNothingPersonal() {
            Evaluator.Evaluation evaluation = evaluate(null, "prod:admin");
            assertThat(rules(evaluation)).containsExactly("unknownBeneficiary", "privilegedAccess",
                    "durationAboveMaximum");
            assertThat(evaluation.requiredStages()).containsExactly(Stage.MANAGER, Stage.IAM, Stage.SECURITY);
        }

        @Test
        void everyStageInOrderWhenEverythingIsFlagged() {
            Evaluator.Evaluation evaluation = evaluate(POLICY, ENGINEER, "payments:pay", null, Set.of(),
                    entitlements("payments:create-vendor"));
            assertThat(evaluation.requiredStages()).containsExactly(Stage.MANAGER, Stage.IAM, Stage.SECURITY,
                    Stage.COMPLIANCE);
        }

        @Test
        void theRiskIsTheHighestOfTheResourceAndTheFindings() {
            assertThat(evaluate(ENGINEER, "wiki:read").riskLevel()).isEqualTo(Sensitivity.LOW);
            assertThat(evaluate(ACCOUNTANT, "repo:read").riskLevel()).isEqualTo(Sensitivity.MEDIUM);
            assertThat(evaluate(ENGINEER, "wiki:admin").riskLevel()).isEqualTo(Sensitivity.HIGH);
        }

        @Test
        void aSensitivityWithoutReviewCadenceGetsTheDefaultYear() {
            assertThat(evaluate(POLICY, ENGINEER, "prod:read", Duration.ofDays(7), Set.of(), Set.of())
                    .reviewCadence()).isEqualTo(Duration.ofDays(365));
        }

        @Test
        void aSensitivityWithoutReviewCadenceGetsTheDocumentsDefaultCadence() {
            PolicyDocument twoHundredDays = new PolicyDocument(POLICY.version(), POLICY.resources(),
                    POLICY.profiles(), POLICY.sodRules(), POLICY.prerequisites(), POLICY.reviewCadence(),
                    POLICY.autoApprove(), Duration.ofDays(200), null);
            assertThat(evaluate(twoHundredDays, ENGINEER, "prod:read", Duration.ofDays(7), Set.of(), Set.of())
                    .reviewCadence()).isEqualTo(Duration.ofDays(200));
            assertThat(evaluate(twoHundredDays, ENGINEER, "repo:write", null, Set.of(), Set.of())
                    .reviewCadence()).isEqualTo(Duration.ofDays(180));
        }

        @Test
        void theVerdictCarriesThePolicysTaskDeadline() {
            PolicyDocument oneDay = new PolicyDocument(POLICY.version(), POLICY.resources(), POLICY.profiles(),
                    POLICY.sodRules(), POLICY.prerequisites(), POLICY.reviewCadence(), POLICY.autoApprove(), null,
                    new PolicyDocument.Approval(Duration.ofDays(1)));
            assertThat(evaluate(oneDay, ENGINEER, "repo:write", null, Set.of(), Set.of()).taskDueAfter())
                    .isEqualTo(Duration.ofDays(1));
        }

        @Test
        void withoutATaskDeadlineInThePolicyTheVerdictCarriesThreeDays() {
            assertThat(evaluate(ENGINEER, "repo:write").taskDueAfter()).isEqualTo(Duration.ofDays(3));
        }

        @Test
        void aResourceNotInTheCatalogGoesToIamAndIsNeverAutoApproved() {
            Evaluator.Evaluation verdict = evaluate(ENGINEER, "mainframe:read");
            assertThat(verdict.findings()).extracting(Finding::rule).containsExactly("resourceNotInCatalog");
            assertThat(verdict.findings().get(0).message()).contains("mainframe", POLICY.version());
            assertThat(verdict.autoApprovable()).isFalse();
            assertThat(verdict.requiredStages()).containsExactly(Stage.MANAGER, Stage.IAM, Stage.SECURITY);
            assertThat(verdict.riskLevel()).isEqualTo(Sensitivity.CRITICAL);
            assertThat(verdict.resource().resourceId()).isEqualTo("mainframe");
            assertThat(verdict.policyVersion()).isEqualTo(POLICY.version());
        }
    }
}
