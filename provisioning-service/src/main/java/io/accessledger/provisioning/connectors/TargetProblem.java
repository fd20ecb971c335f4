package io.accessledger.provisioning.connectors;

import java.util.List;
import java.util.stream.Stream;

/**
 * Something wrong in a target's configuration, found when the service starts: the full property {@code key}
 * ({@code accessledger.provisioning.targets.<id>.<setting>}), what is wrong, and how to fix it.
 */
public record TargetProblem(String key, String problem, String fix) {
    /** The problem of a target's setting {@code setting} (e.g. {@code baseUrl}, {@code groups[0].entitlement}). */
    public static TargetProblem of(String targetId, String setting, String problem, String fix) {
        return new TargetProblem(Targets.PREFIX + "." + targetId + "." + setting, problem, fix);
    }

    /** A setting the target's type cannot work without, when it is missing. */
    public static TargetProblem missing(TargetSettings target, String setting, String example) {
        return of(target.id(), setting, "is missing; a target of type " + target.type() + " needs it",
                "set " + setting + ": " + example);
    }

    /** These problems, in order, as one list. */
    @SafeVarargs
    public static List<TargetProblem> all(List<TargetProblem>... problems) {
        return Stream.of(problems).flatMap(List::stream).toList();
    }

    @Override
    public String toString() {
        return key + ": " + problem + ". Fix: " + fix;
    }
}
