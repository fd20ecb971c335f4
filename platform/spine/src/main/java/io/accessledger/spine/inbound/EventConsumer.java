package io.accessledger.spine.inbound;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import java.util.Set;

/**
 * What a service implements to react to other services' events. The spine runs one listener per consumer in the
 * consumer group {@code accessledger.<service>.<name>} (so a service's instances share the partitions), reads
 * committed records only, dedupes on {@code ce_id} in the same database transaction as {@link #handle}'s effect,
 * retries a failing record a bounded number of times and then sends it, with the reason, to the dead-letter topic.
 */
public interface EventConsumer {
    /** A stable name: part of the consumer group and the dedupe scope. Renaming it replays the topics. */
    String name();

    Set<Topic> topics();

    /**
     * Applies one event, inside a transaction. Ignore the types you do not need. Throw to have it retried (and
     * dead-lettered when the retries are spent).
     */
    void handle(DomainEvent event, Envelope envelope);

    /**
     * Whether {@link #handle} does anything with events of this type. A record of a type the consumer does not handle
     * is passed over: decoded only so that a broken one still goes to the dead-letter topic with its reason (also when
     * no consumer of its topic handles its type), and then no dedupe row, no transaction, never parked (its offset is
     * committed with the poll's). Default: every type. A consumer that ignores most of its topics'
     * events says which it handles, so that a request's events cost nothing in the services that ignore them
     * (docs/BENCHMARKS.md, "End-to-end").
     */
    default boolean handles(Class<? extends DomainEvent> type) {
        return true;
    }

    /** For {@link #handles}: whether {@code type} is one of {@code handled} or a subtype of one (an interface). */
    static boolean isOneOf(Class<? extends DomainEvent> type, Class<?>... handled) {
        for (Class<?> one : handled) {
            if (one.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@link #handle}'s whole effect lies inside the handling transaction: rows in this service's database,
     * and Axon commands sent on the calling thread ({@code CausedCommands}, the {@code CommandGateway}), whose unit of
     * work joins that transaction (the spine's {@code SpringTransactionManager}: the aggregate's load and its appended
     * events, and the rows of the subscribing handlers, commit or roll back with it) — and nothing outside it: no
     * mail or chat message, no call to a target or another system (also not from the command's handler), nothing
     * kept in memory. Such a consumer's polls are applied whole, in ONE transaction (one dedupe statement, one
     * commit, one connection for all of the poll's records; docs/RELIABILITY.md, "Inbound"); if any record of the
     * poll fails, the whole poll is rolled back and handled again record by record, so the records of it that had
     * succeeded are handled a second time: harmless only when nothing of their first handling outlived the rollback.
     *
     * <p>Default {@code false}, the safe way: record by record, one transaction each, for a consumer that says nothing
     * (an outside effect repeated by a rolled-back poll would be a second mail, a second call). A consumer that opts in
     * is one whose effect a rollback undoes entirely. Never applies to a consumer of {@link #everyInstance()}.
     */
    default boolean effectInTransaction() {
        return false;
    }

    /**
     * {@code true} for a consumer whose effect lives in each instance's memory (a cache of the policy in force): every
     * instance then gets every record (a consumer group of its own, from the latest offset at start), with no dedupe
     * row and no parking — it must be cheap, idempotent and never fail for long. Default: one delivery per service.
     */
    default boolean everyInstance() {
        return false;
    }
}
