package io.accessledger.spine.commands;

import io.accessledger.events.envelope.Envelope;
import io.accessledger.spine.inbound.Causation;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * The one way a consumer turns an event it received into a command: sent and waited for, carrying the event's
 * correlation, causation and trace (so the events the command produces point back at the event that caused them).
 */
public class CausedCommands {
    private final CommandGateway gateway;

    public CausedCommands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** Sends {@code command} because of {@code cause} and waits for its result (a {@link Refused} is rethrown). */
    public <R> R send(Object command, Envelope cause) {
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(Causation.of(cause)));
    }
}
