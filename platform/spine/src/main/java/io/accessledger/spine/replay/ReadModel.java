package io.accessledger.spine.replay;

import io.accessledger.spine.inbound.EventConsumer;
import java.util.List;

/**
 * A consumer whose whole effect is rows in its own tables: a read model. Because its effect is only that, it can be
 * rebuilt from the topics at any time ({@link ReadModelRebuilds}) into fresh tables beside the live ones, and a
 * rebuild can never repeat a side effect: a read model sends no command, calls no outside system, sends no mail
 * (the architecture tests hold every implementation to that).
 *
 * <p>Its SQL must name its tables unqualified (the rebuild points the transaction's {@code search_path} at the
 * fresh schema), keep no state in memory, and stay correct whatever order records of different keys arrive in.
 */
public interface ReadModel extends EventConsumer {
    /** The tables this read model owns, and which a rebuild recreates and compares. */
    List<String> tables();
}
