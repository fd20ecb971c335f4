package io.accessledger.provisioning.connectors;

import java.util.List;
import java.util.stream.Collectors;

/** The provisioning targets are configured wrongly: the service refuses to start, naming every key and its fix. */
public class InvalidTargets extends IllegalStateException {
    private final List<TargetProblem> problems;

    public InvalidTargets(List<TargetProblem> problems) {
        super("The provisioning targets are not configured correctly (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "; see docs/CONTRACT.md, provisioning targets):\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<TargetProblem> problems() {
        return problems;
    }
}
