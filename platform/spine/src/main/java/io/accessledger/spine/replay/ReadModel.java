package io.accessledger.spine.replay;

import io.accessledger.spine.inbound.EventConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A consumer whose whole effect is rows in its own tables: a read model. Because its effect is only that, it can be
 * rebuilt from the topics at any time ({@link ReadModelRebuilds}) into fresh tables beside the live ones, and a
 * rebuild can never repeat a side effect: a read model sends no command, calls no outside system, sends no mail
 * (the architecture tests hold every implementation to that). The one thing besides rows it may do is time what it
 * sees happen for the service's metrics, and only when that is news ({@link #isNews}): a rebuild, which applies
 * history, then observes nothing again.
 *
 * <p>Its SQL must name its tables unqualified (the rebuild points the transaction's {@code search_path} at the
 * fresh schema), keep no state in memory, and stay correct whatever order records of different keys arrive in.
 */
public interface ReadModel extends EventConsumer {
    /** The tables this read model owns, and which a rebuild recreates and compares. */
    List<String> tables();

    /** How old an event may be and still be news to a read model's metrics. */
    Duration NEWS = Duration.ofMinutes(10);

    /**
     * Whether an event that happened at {@code occurredAt} is news now: at most {@link #NEWS} old. A rebuild or a
     * consumer catching up from far behind applies history, which metrics of live flow must not count again.
     */
    static boolean isNews(Instant occurredAt, Clock clock) {
        return !occurredAt.isBefore(clock.instant().minus(NEWS));
    }
}
