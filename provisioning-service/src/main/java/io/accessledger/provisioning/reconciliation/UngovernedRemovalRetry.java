package io.accessledger.provisioning.reconciliation;

import io.accessledger.events.ids.EmployeeId;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Sends a FAILED {@link UngovernedRemoval} back to its target: the removal says it is RETRYING and what to remove
 * (refused with 409 {@code removal-not-failed} when it is not FAILED, so a repeated call while a retry runs calls no
 * target), the target is called through the same {@link UngovernedRemover} as the first attempt — outside the
 * aggregate, which is not held while the target answers — and what came of it is recorded by the removal. Blocking:
 * callers run it off the event loop.
 */
@Component
public class UngovernedRemovalRetry {
    private final CommandGateway commands;
    private final UngovernedRemover remover;
    private final Clock clock;

    public UngovernedRemovalRetry(CommandGateway commands, UngovernedRemover remover, Clock clock) {
        this.commands = commands;
        this.remover = remover;
        this.clock = clock;
    }

    /** Retries the removal for {@code by}; what the target answered this time. */
    public UngovernedRemover.Outcome retry(String removalId, EmployeeId by) {
        UngovernedRemoval.Removing removing = commands.sendAndWait(
                new UngovernedRemoval.RetryUngovernedRemoval(removalId, by, clock.instant()));
        UngovernedRemover.Outcome outcome = remover.remove(removing.target(), removing.entitlement(),
                removing.member(), clock.instant());
        commands.sendAndWait(new UngovernedRemoval.RecordRemovalRetry(removalId, outcome, clock.instant()));
        return outcome;
    }
}
