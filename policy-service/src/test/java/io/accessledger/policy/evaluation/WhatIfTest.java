package io.accessledger.policy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.model.Finding;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.model.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhatIfTest {
    private static Evaluator.Evaluation verdict(Sensitivity risk, boolean auto, List<Stage> stages,
            Finding... findings) {
        return new Evaluator.Evaluation("1", null, List.of(findings), List.of(), risk, stages, auto, null,
                Duration.ofDays(90), Duration.ofDays(3));
    }

    private static final Finding SOD = new Finding("sodConflict", Sensitivity.HIGH, "SOD-FIN-001: collides");

    @Test
    void identicalVerdictsHaveNoDifferences() {
        Evaluator.Evaluation v = verdict(Sensitivity.HIGH, false, List.of(Stage.MANAGER, Stage.IAM), SOD);
        assertThat(WhatIf.differences(v, v)).isEmpty();
    }

    @Test
    void aRemovedFindingAStageAndTheRiskAreEachExplained() {
        Evaluator.Evaluation before = verdict(Sensitivity.HIGH, false,
                List.of(Stage.MANAGER, Stage.IAM, Stage.COMPLIANCE), SOD);
        Evaluator.Evaluation after = verdict(Sensitivity.MEDIUM, false, List.of(Stage.MANAGER, Stage.IAM));
        assertThat(WhatIf.differences(before, after)).containsExactly(
                "finding removed: sodConflict (SOD-FIN-001: collides)", "stage removed: COMPLIANCE",
                "risk HIGH -> MEDIUM");
    }

    @Test
    void gainingAutoApprovalAndAFindingAreExplained() {
        Evaluator.Evaluation before = verdict(Sensitivity.LOW, false, List.of(Stage.MANAGER));
        Evaluator.Evaluation after = verdict(Sensitivity.LOW, true, List.of(Stage.MANAGER),
                new Finding("regulatedData", Sensitivity.LOW, "SOX"));
        assertThat(WhatIf.differences(before, after)).containsExactly("finding added: regulatedData (SOX)",
                "would now be auto-approved");
    }
}
