package io.accessledger.policy.evaluation;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.policy.access.AccessView;
import java.time.Duration;
import java.time.LocalDate;

/**
 * The evaluator's input as the service reads it: the beneficiary, their held access and what they have in flight,
 * from the access view in PostgreSQL. The evaluation trigger, the simulation and the evaluation benchmark
 * (docs/BENCHMARKS.md) all read it here.
 */
public final class EvaluationInputs {
    private EvaluationInputs() {
    }

    /** The input for {@code beneficiary} asking for {@code requested}; {@code exceptRequestId} is not "in flight". */
    public static Evaluator.Input read(AccessView access, EmployeeId beneficiary, Entitlement requested,
            Duration requestedDuration, String exceptRequestId, LocalDate today) {
        AccessView.Holdings holdings = access.holdings(beneficiary, exceptRequestId);
        return new Evaluator.Input(beneficiary.value(), holdings.person().orElse(null), requested, requestedDuration,
                holdings.held(), holdings.pending(), today);
    }
}
