package io.accessledger.spine.tracing;

import io.accessledger.spine.inbound.Causation;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * Puts the current span's {@code traceparent} on every command sent (from an HTTP call or while a consumed record is
 * handled), so the events the command produces continue that trace. Off, or outside any span, a command keeps what it
 * has (for a caused command: the {@code traceparent} that arrived).
 */
public final class TraceparentOnCommands implements MessageDispatchInterceptor<CommandMessage<?>> {
    private final RecordTracing tracing;

    public TraceparentOnCommands(RecordTracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            String traceparent = tracing.currentTraceparent();
            return traceparent == null ? command : command.andMetaData(Map.of(Causation.TRACEPARENT, traceparent));
        };
    }
}
