package io.accessledger.approval.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.Stage;
import io.accessledger.spine.commands.Refused;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApprovalRulesTest {
    private static final EmployeeId REQUESTER = EmployeeId.of("E10");
    private static final EmployeeId BENEFICIARY = EmployeeId.of("E20");
    private static final EmployeeId MANAGER = EmployeeId.of("E30");
    private static final EmployeeId DIRECTOR = EmployeeId.of("E40");
    private static final EmployeeId VP = EmployeeId.of("E50");
    private static final EmployeeId OTHER = EmployeeId.of("E60");

    @Test
    void theManagerTaskGoesToTheBeneficiarysManager() {
        assertThat(ApprovalRules.assign(Stage.MANAGER, REQUESTER, BENEFICIARY, List.of(MANAGER, DIRECTOR)))
                .isEqualTo(new ApprovalRules.Assignment(MANAGER, null));
    }

    @Test
    void aManagerWhoIsTheRequesterIsSkipped() {
        assertThat(ApprovalRules.assign(Stage.MANAGER, MANAGER, BENEFICIARY, List.of(MANAGER, DIRECTOR)))
                .isEqualTo(new ApprovalRules.Assignment(DIRECTOR, null));
    }

    @Test
    void aManagerWhoIsTheBeneficiaryIsSkipped() {
        assertThat(ApprovalRules.assign(Stage.MANAGER, REQUESTER, MANAGER, List.of(MANAGER, DIRECTOR)))
                .isEqualTo(new ApprovalRules.Assignment(DIRECTOR, null));
    }

    @Test
    void bothRequesterAndBeneficiaryInTheChainAreSkipped() {
        assertThat(ApprovalRules.assign(Stage.MANAGER, DIRECTOR, MANAGER, List.of(MANAGER, DIRECTOR, VP)))
                .isEqualTo(new ApprovalRules.Assignment(VP, null));
    }

    @Test
    void withNobodyLeftInTheChainTheManagerTaskGoesToTheIamQueue() {
        assertThat(ApprovalRules.assign(Stage.MANAGER, MANAGER, BENEFICIARY, List.of(MANAGER)))
                .isEqualTo(new ApprovalRules.Assignment(null, "IAM"));
    }

    @Test
    void withNoManagerAtAllTheManagerTaskGoesToTheIamQueue() {
        assertThat(ApprovalRules.assign(Stage.MANAGER, REQUESTER, BENEFICIARY, List.of()))
                .isEqualTo(new ApprovalRules.Assignment(null, "IAM"));
    }

    @ParameterizedTest
    @EnumSource(value = Stage.class, names = {"MANAGER", "RESOURCE_OWNER"}, mode = EnumSource.Mode.EXCLUDE)
    void reviewStagesGoToTheQueueOfTheirRole(Stage stage) {
        assertThat(ApprovalRules.assign(stage, REQUESTER, BENEFICIARY, List.of(MANAGER)))
                .isEqualTo(new ApprovalRules.Assignment(null, stage.name()));
    }

    @Test
    void theResourceOwnerStageGoesToTheOwner() {
        EmployeeId owner = EmployeeId.of("E99");
        assertThat(ApprovalRules.assign(Stage.RESOURCE_OWNER, REQUESTER, BENEFICIARY, List.of(MANAGER), owner))
                .isEqualTo(new ApprovalRules.Assignment(owner, null));
    }

    @Test
    void anOwnerWhoIsPartyToTheRequestHandsTheStageToTheIamQueue() {
        assertThat(ApprovalRules.assign(Stage.RESOURCE_OWNER, REQUESTER, BENEFICIARY, List.of(MANAGER), BENEFICIARY))
                .isEqualTo(new ApprovalRules.Assignment(null, "IAM"));
        assertThat(ApprovalRules.assign(Stage.RESOURCE_OWNER, REQUESTER, BENEFICIARY, List.of(MANAGER), null))
                .isEqualTo(new ApprovalRules.Assignment(null, "IAM"));
    }

    @Test
    void theRequesterMayNotDecide() {
        assertThat(ApprovalRules.nobodyApprovesTheirOwnRequest(REQUESTER, REQUESTER, BENEFICIARY))
                .hasValueSatisfying(refused -> {
                    assertThat(refused.kind()).isEqualTo(Refused.Kind.NOT_ALLOWED);
                    assertThat(refused.rule()).isEqualTo("nobodyApprovesTheirOwnRequest");
                    assertThat(refused.getMessage()).contains("E10").contains("requester");
                });
    }

    @Test
    void theBeneficiaryMayNotDecide() {
        assertThat(ApprovalRules.nobodyApprovesTheirOwnRequest(BENEFICIARY, REQUESTER, BENEFICIARY))
                .hasValueSatisfying(refused -> {
                    assertThat(refused.kind()).isEqualTo(Refused.Kind.NOT_ALLOWED);
                    assertThat(refused.getMessage()).contains("beneficiary");
                });
    }

    @Test
    void aSelfRequestIsRefusedAsTheBeneficiarys() {
        assertThat(ApprovalRules.nobodyApprovesTheirOwnRequest(BENEFICIARY, BENEFICIARY, BENEFICIARY))
                .hasValueSatisfying(refused -> assertThat(refused.getMessage()).contains("beneficiary"));
    }

    @Test
    void someoneElseMayDecide() {
        assertThat(ApprovalRules.nobodyApprovesTheirOwnRequest(MANAGER, REQUESTER, BENEFICIARY)).isEmpty();
    }

    @Test
    void theAssigneeMayDecide() {
        assertThat(ApprovalRules.onlyAssigneeDelegateOrQueueMember(new ApprovalRules.Assignment(MANAGER, null), null,
                MANAGER, Set.of())).isEmpty();
    }

    @Test
    void theAssigneesDelegateMayDecide() {
        assertThat(ApprovalRules.onlyAssigneeDelegateOrQueueMember(new ApprovalRules.Assignment(MANAGER, null),
                DIRECTOR, DIRECTOR, Set.of())).isEmpty();
    }

    @Test
    void aQueueMemberMayDecideAQueueTask() {
        assertThat(ApprovalRules.onlyAssigneeDelegateOrQueueMember(new ApprovalRules.Assignment(null, "SECURITY"),
                null, OTHER, Set.of("EMPLOYEE", "SECURITY"))).isEmpty();
    }

    @Test
    void someoneOutsideTheQueueMayNotDecideAQueueTaskAndIsNotToldWhichQueueItIs() {
        assertThat(ApprovalRules.onlyAssigneeDelegateOrQueueMember(new ApprovalRules.Assignment(null, "SECURITY"),
                null, OTHER, Set.of("EMPLOYEE", "IAM"))).hasValueSatisfying(refused -> {
                    assertThat(refused.kind()).isEqualTo(Refused.Kind.NOT_ALLOWED);
                    assertThat(refused.rule()).isEqualTo("onlyAssigneeDelegateOrQueueMember");
                    assertThat(refused.getMessage()).doesNotContain("SECURITY")
                            .isEqualTo(ApprovalRules.notTheirs(OTHER).getMessage());
                });
    }

    @Test
    void aRoleDoesNotOpenATaskAssignedToAPerson() {
        assertThat(ApprovalRules.onlyAssigneeDelegateOrQueueMember(new ApprovalRules.Assignment(MANAGER, null), null,
                OTHER, Set.of("IAM", "SECURITY", "COMPLIANCE"))).hasValueSatisfying(refused -> {
                    assertThat(refused.kind()).isEqualTo(Refused.Kind.NOT_ALLOWED);
                    assertThat(refused.getMessage()).contains("task's queue");
                });
    }

    @Test
    void approveNeedsNoReason() {
        assertThat(ApprovalRules.reasonRequiredUnlessApprove(Outcome.APPROVE, null)).isEmpty();
        assertThat(ApprovalRules.reasonRequiredUnlessApprove(Outcome.APPROVE, " ")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = "APPROVE", mode = EnumSource.Mode.EXCLUDE)
    void everyOtherOutcomeNeedsAReason(Outcome outcome) {
        assertThat(ApprovalRules.reasonRequiredUnlessApprove(outcome, null)).hasValueSatisfying(refused -> {
            assertThat(refused.kind()).isEqualTo(Refused.Kind.INVALID);
            assertThat(refused.rule()).isEqualTo("reasonRequiredUnlessApprove");
        });
        assertThat(ApprovalRules.reasonRequiredUnlessApprove(outcome, "  \t")).isPresent();
        assertThat(ApprovalRules.reasonRequiredUnlessApprove(outcome, "not in the role")).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " "})
    void denyWithoutReasonIsInvalid(String reason) {
        assertThat(ApprovalRules.reasonRequiredUnlessApprove(Outcome.DENY, reason)).hasValueSatisfying(
                refused -> assertThat(refused.getMessage()).contains("deny"));
    }
}
