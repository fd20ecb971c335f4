package io.accessledger.policy.evaluation;

import io.accessledger.events.model.Finding;
import io.accessledger.events.model.Stage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Why two verdicts on the same request differ, in words an IAM lead can check: a pure comparison. */
public final class WhatIf {
    private WhatIf() {
    }

    /** The differences between what was decided and what a draft would decide; empty when they agree. */
    public static List<String> differences(Evaluator.Evaluation before, Evaluator.Evaluation after) {
        List<String> why = new ArrayList<>();
        Set<String> was = describe(before.findings());
        Set<String> would = describe(after.findings());
        would.stream().filter(f -> !was.contains(f)).forEach(f -> why.add("finding added: " + f));
        was.stream().filter(f -> !would.contains(f)).forEach(f -> why.add("finding removed: " + f));
        for (Stage stage : Stage.values()) {
            boolean wasRequired = before.requiredStages().contains(stage);
            boolean wouldBe = after.requiredStages().contains(stage);
            if (wasRequired != wouldBe) {
                why.add((wouldBe ? "stage added: " : "stage removed: ") + stage);
            }
        }
        if (before.riskLevel() != after.riskLevel()) {
            why.add("risk " + before.riskLevel() + " -> " + after.riskLevel());
        }
        if (before.autoApprovable() != after.autoApprovable()) {
            why.add(after.autoApprovable() ? "would now be auto-approved" : "would no longer be auto-approved");
        }
        return why;
    }

    private static Set<String> describe(List<Finding> findings) {
        Set<String> described = new LinkedHashSet<>();
        for (Finding finding : findings) {
            described.add(finding.rule() + " (" + finding.message() + ")");
        }
        return described;
    }
}
