package io.accessledger.policy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Stage;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.policy.document.PolicyParser;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceOwnerStageTest {
    private static PolicyDocument policy(String ownerApproval) {
        return new PolicyParser().parse("""
                resources:
                  - {id: lake, name: Data lake, target: manual, ownerId: E7, sensitivity: LOW, %s
                     levels: [{name: read, privileged: false}]}
                """.formatted(ownerApproval));
    }

    private static Evaluator.Evaluation evaluate(PolicyDocument policy) {
        return Evaluator.evaluate(policy, new Evaluator.Input("E1", null, Entitlement.parse("lake:read"), null,
                Set.of(), Set.of(), LocalDate.parse("2026-11-02")));
    }

    @Test
    void aResourceWhoseOwnerMustApproveAddsTheOwnerStageAfterTheManager() {
        assertThat(evaluate(policy("ownerApproval: true,")).requiredStages())
                .containsSubsequence(Stage.MANAGER, Stage.RESOURCE_OWNER);
    }

    @Test
    void withoutOwnerApprovalThereIsNoOwnerStage() {
        assertThat(evaluate(policy("ownerApproval: false,")).requiredStages()).doesNotContain(Stage.RESOURCE_OWNER);
        assertThat(evaluate(policy("")).requiredStages()).doesNotContain(Stage.RESOURCE_OWNER);
    }
}
