package io.accessledger.deploy.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.EventType;
import io.accessledger.events.Topic;
import io.accessledger.events.approval.AccessDenied;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.events.provisioning.AccessRevoked;
import io.accessledger.events.provisioning.ProvisioningFailed;
import io.accessledger.events.provisioning.ProvisioningRetried;
import io.accessledger.events.request.RequestSubmitted;
import io.accessledger.events.request.RequestWithdrawn;
import io.accessledger.spine.inbound.DeadLetters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a fault run must leave true, checked from the event log alone (the records of the topics, read back after
 * the run; optionally each service's Axon event store): every accepted request reached exactly one terminal state,
 * no grant was provisioned twice, no aggregate's sequence has a gap, every dead letter is one the run expected, and the
 * end-to-end rate after the fault recovered. Each invariant is a named function returning its violations (none: it
 * holds); {@link #check} runs them all.
 *
 * <p>An event delivered twice (the same {@code ce_id}, at least once end to end) counts once everywhere.
 */
public final class InvariantChecker {
    static final String TERMINAL = "every accepted request reached exactly one terminal state";
    static final String PROVISIONED_ONCE = "no grant was provisioned twice";
    static final String NO_GAP = "no aggregate's sequence has a gap";
    static final String DEAD_LETTERS = "every dead letter is explained";
    static final String RATE = "the end-to-end rate recovered";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A dead letter the run caused on purpose: records of {@code originalTopic} keyed {@code key}, and why. */
    public record ExpectedDeadLetter(String originalTopic, String key, String why) {
    }

    /** A span of broker time, epoch milliseconds, {@code from} inclusive, {@code to} exclusive. */
    public record Window(long from, long to) {
        double seconds() {
            return Math.max(1, to - from) / 1000.0;
        }

        boolean contains(long at) {
            return at >= from && at < to;
        }
    }

    /**
     * What the run expects: the request ids its clients were answered 202 for (empty: take the log's
     * {@code RequestSubmitted}s alone), the dead letters it caused, and the rate windows before and after its fault
     * ({@code null}: no rate check) with the share of the rate before that the rate after must reach.
     */
    public record Expectations(Set<String> acceptedRequests, List<ExpectedDeadLetter> deadLetters, Window before,
            Window after, double recoveredShare) {
        public Expectations {
            acceptedRequests = Set.copyOf(acceptedRequests);
            deadLetters = List.copyOf(deadLetters);
        }

        public static Expectations none() {
            return new Expectations(Set.of(), List.of(), null, null, 0);
        }
    }

    /** One invariant's result: it holds when it has no violation; {@code notes} list what was seen (dead letters). */
    public record Verdict(String invariant, List<String> violations, List<String> notes) {
        public boolean holds() {
            return violations.isEmpty();
        }
    }

    /** Every invariant's verdict over one log. */
    public record Report(List<Verdict> verdicts) {
        public boolean holds() {
            return verdicts.stream().allMatch(Verdict::holds);
        }

        public Optional<Verdict> verdict(String invariant) {
            return verdicts.stream().filter(v -> v.invariant().equals(invariant)).findFirst();
        }

        /** A markdown table (invariant, result, first violations) and the notes. */
        public String markdown() {
            StringBuilder out = new StringBuilder("| invariant | result | detail |\n| --- | --- | --- |\n");
            for (Verdict verdict : verdicts) {
                List<String> detail = verdict.holds() ? verdict.notes() : verdict.violations();
                String shown = String.join("; ", detail.subList(0, Math.min(5, detail.size())))
                        + (detail.size() > 5 ? "; … (" + detail.size() + " in all)" : "");
                out.append("| ").append(verdict.invariant()).append(" | ")
                        .append(verdict.holds() ? "holds" : "**VIOLATED** (" + verdict.violations().size() + ")")
                        .append(" | ").append(shown.replace("|", "\\|")).append(" |\n");
            }
            return out.toString();
        }
    }

    private InvariantChecker() {
    }

    /**
     * The stored aggregates ({@code service id}) whose id is no key on the topics, as ", not on the topics: …" (at
     * most three named), or nothing: an aggregate written after the log was read back (a background import, a
     * schedule) or whose events are not published.
     */
    private static String storedButNotOnTheTopics(Collection<LoggedRecord> log, Map<String, List<Long>> stored) {
        Set<String> keys = new HashSet<>();
        log.forEach(record -> keys.add(record.key()));
        List<String> missing = stored.entrySet().stream()
                .filter(entry -> !keys.contains(entry.getKey().substring(entry.getKey().indexOf(' ') + 1)))
                .map(entry -> entry.getKey() + " (" + entry.getValue().size() + " events)").sorted().toList();
        return missing.isEmpty() ? "" : String.format(Locale.ROOT, "; not on the topics: %d (%s%s)", missing.size(),
                String.join(", ", missing.subList(0, Math.min(3, missing.size()))), missing.size() > 3 ? ", …" : "");
    }

    /**
     * Runs every invariant over the topics' records and, when given, the event stores' sequences
     * ({@code aggregate id → sequence numbers}, per service; empty map: only the topics' chain headers are checked).
     */
    public static Report check(Collection<LoggedRecord> log, Map<String, List<Long>> storedSequences,
            Expectations expected) {
        List<Verdict> verdicts = new ArrayList<>();
        verdicts.add(new Verdict(TERMINAL, everyAcceptedRequestReachedOneTerminalState(log,
                expected.acceptedRequests()), List.of()));
        verdicts.add(new Verdict(PROVISIONED_ONCE, noGrantProvisionedTwice(log), List.of()));
        List<String> gaps = new ArrayList<>(sequenceGapsOnTheTopics(log));
        gaps.addAll(sequenceGaps("event store", storedSequences));
        long keys = distinctEvents(log).stream().filter(r -> r.chainSeq() != null)
                .map(r -> r.topic() + " " + r.key()).distinct().count();
        verdicts.add(new Verdict(NO_GAP, gaps, List.of(String.format(Locale.ROOT,
                "%,d keys on the topics, %,d aggregates in the event stores (%,d distinct ids)%s", keys,
                storedSequences.size(), storedSequences.keySet().stream()
                        .map(id -> id.substring(id.indexOf(' ') + 1)).distinct().count(),
                storedButNotOnTheTopics(log, storedSequences)))));
        verdicts.add(new Verdict(DEAD_LETTERS, unexplainedDeadLetters(log, expected.deadLetters()),
                deadLetters(log)));
        if (expected.before() != null && expected.after() != null) {
            verdicts.add(new Verdict(RATE, rateNotRecovered(log, expected.before(), expected.after(),
                    expected.recoveredShare()), List.of(String.format(Locale.ROOT, "%.2f/s before, %.2f/s after",
                    provisionedPerSecond(log, expected.before()), provisionedPerSecond(log, expected.after())))));
        }
        return new Report(verdicts);
    }

    /**
     * Each request submitted on the log (and each the clients were told was accepted) has exactly one of:
     * {@code RequestWithdrawn}, {@code AccessDenied}, {@code AccessProvisioned}, or a {@code ProvisioningFailed} that
     * no {@code ProvisioningRetried} of its grant followed. None, or two, is a violation.
     */
    static List<String> everyAcceptedRequestReachedOneTerminalState(Collection<LoggedRecord> log,
            Set<String> accepted) {
        Set<String> submitted = new LinkedHashSet<>();
        for (LoggedRecord record : distinctEvents(log)) {
            if (javaType(record).orElse(null) == RequestSubmitted.class) {
                submitted.add(record.key());
            }
        }
        Map<String, List<String>> terminals = terminalStates(log);
        List<String> violations = new ArrayList<>();
        for (String request : new TreeSet<>(accepted)) {
            if (!submitted.contains(request)) {
                violations.add(request + " was accepted but has no RequestSubmitted on the log");
            }
        }
        for (String request : submitted) {
            List<String> reached = terminals.getOrDefault(request, List.of());
            if (reached.isEmpty()) {
                violations.add(request + " reached no terminal state");
            } else if (reached.size() > 1) {
                violations.add(request + " reached " + reached.size() + " terminal states: " + reached);
            }
        }
        return violations;
    }

    /**
     * The terminal states each request reached on the log, by request id: {@code RequestWithdrawn},
     * {@code AccessDenied}, {@code AccessProvisioned}, or a {@code ProvisioningFailed} no {@code ProvisioningRetried} of
     * its grant followed. A request withdrawn while its approval was on its way to provisioning ends withdrawn
     * (docs/RELIABILITY.md, the withdrawal race): its grant, if provisioned meanwhile, is revoked — then its
     * {@code AccessProvisioned} is not a second end — or, if its provisioning failed, is not sent again — then neither
     * is the failure. A withdrawn request whose grant was provisioned and not revoked reached two.
     */
    public static Map<String, List<String>> terminalStates(Collection<LoggedRecord> log) {
        Map<String, List<LoggedRecord>> reached = new TreeMap<>();
        Set<String> withdrawn = new HashSet<>();
        Set<String> revokedGrants = new HashSet<>();
        Map<String, Long> failedAt = new TreeMap<>();
        Map<String, Long> retriedAt = new TreeMap<>();
        for (LoggedRecord record : distinctEvents(log)) {
            Class<?> type = javaType(record).orElse(null);
            if (type == RequestWithdrawn.class || type == AccessDenied.class) {
                reached.computeIfAbsent(record.key(), id -> new ArrayList<>()).add(record);
                if (type == RequestWithdrawn.class) {
                    withdrawn.add(record.key());
                }
            } else if (type == AccessProvisioned.class) {
                reached.computeIfAbsent(field(record, "requestId"), id -> new ArrayList<>()).add(record);
            } else if (type == AccessRevoked.class) {
                revokedGrants.add(record.key());
            } else if (type == ProvisioningFailed.class) {
                failedAt.merge(field(record, "requestId"), record.timestamp(), Math::max);
            } else if (type == ProvisioningRetried.class) {
                retriedAt.merge(field(record, "requestId"), record.timestamp(), Math::max);
            }
        }
        Map<String, List<String>> terminals = new TreeMap<>();
        reached.forEach((request, records) -> records.stream()
                .filter(record -> !(withdrawn.contains(request) && javaType(record).orElse(null)
                        == AccessProvisioned.class && revokedGrants.contains(record.key())))
                .forEach(record -> terminals.computeIfAbsent(request, id -> new ArrayList<>()).add(eventName(record))));
        failedAt.forEach((request, at) -> {
            if (retriedAt.getOrDefault(request, Long.MIN_VALUE) < at && !withdrawn.contains(request)) {
                terminals.computeIfAbsent(request, id -> new ArrayList<>()).add("ProvisioningFailed");
            }
        });
        return terminals;
    }

    /** When each request's terminal state reached the log (broker time of its first terminal event), by request id. */
    public static Map<String, Long> terminalAt(Collection<LoggedRecord> log) {
        Map<String, Long> at = new TreeMap<>();
        for (LoggedRecord record : distinctEvents(log)) {
            Class<?> type = javaType(record).orElse(null);
            if (type == RequestWithdrawn.class || type == AccessDenied.class) {
                at.putIfAbsent(record.key(), record.timestamp());
            } else if (type == AccessProvisioned.class || type == ProvisioningFailed.class) {
                at.putIfAbsent(field(record, "requestId"), record.timestamp());
            }
        }
        return at;
    }

    /** At most one {@code AccessProvisioned} (distinct {@code ce_id}) per grant and per request + entitlement. */
    static List<String> noGrantProvisionedTwice(Collection<LoggedRecord> log) {
        Map<String, List<String>> byGrant = new TreeMap<>();
        Map<String, List<String>> byEntitlement = new TreeMap<>();
        for (LoggedRecord record : distinctEvents(log)) {
            if (javaType(record).orElse(null) == AccessProvisioned.class) {
                byGrant.computeIfAbsent(record.key(), grant -> new ArrayList<>()).add(record.eventId());
                JsonNode value = value(record);
                byEntitlement.computeIfAbsent(value.path("requestId").asText() + " " + value.path("entitlement"),
                        grant -> new ArrayList<>()).add(record.eventId());
            }
        }
        List<String> violations = new ArrayList<>();
        byGrant.forEach((grant, events) -> {
            if (events.size() > 1) {
                violations.add("grant " + grant + " provisioned " + events.size() + " times: " + events);
            }
        });
        byEntitlement.forEach((entitlement, events) -> {
            if (events.size() > 1 && violations.stream().noneMatch(v -> v.contains(events.get(0)))) {
                violations.add("request and entitlement " + entitlement + " provisioned " + events.size()
                        + " times: " + events);
            }
        });
        return violations;
    }

    /**
     * Per topic and key, the chain positions ({@code accessledger_chain_seq}) of its distinct events are 0, 1, 2 …
     * with none missing and none taken by two different events. Unchained records (not the services' events) are
     * left to the dead-letter check.
     */
    static List<String> sequenceGapsOnTheTopics(Collection<LoggedRecord> log) {
        Map<String, List<Long>> sequences = new TreeMap<>();
        for (LoggedRecord record : distinctEvents(log)) {
            if (!record.isDeadLetter() && record.chainSeq() != null) {
                sequences.computeIfAbsent(record.topic() + " key " + record.key(), key -> new ArrayList<>())
                        .add(record.chainSeq());
            }
        }
        return sequenceGaps("topic", sequences);
    }

    /** Each sequence, sorted, must be exactly 0 … n-1: a missing number is a gap, a repeated one a fork. */
    static List<String> sequenceGaps(String where, Map<String, List<Long>> sequences) {
        List<String> violations = new ArrayList<>();
        new TreeMap<>(sequences).forEach((aggregate, numbers) -> {
            List<Long> sorted = numbers.stream().sorted().toList();
            for (int i = 0; i < sorted.size(); i++) {
                long expected = i == 0 ? 0 : sorted.get(i - 1) + 1;
                if (i > 0 && sorted.get(i).equals(sorted.get(i - 1))) {
                    violations.add(where + " " + aggregate + ": two events at position " + sorted.get(i));
                } else if (sorted.get(i) != expected) {
                    violations.add(where + " " + aggregate + ": positions " + expected + " to " + (sorted.get(i) - 1)
                            + " missing before " + sorted.get(i));
                }
            }
        });
        return violations;
    }

    /**
     * Every record of a {@code -dlt} topic is one the run expected (same original topic and key); an expected dead
     * letter that never reached its dead-letter topic is a violation too (the poison record was swallowed).
     */
    static List<String> unexplainedDeadLetters(Collection<LoggedRecord> log, List<ExpectedDeadLetter> expected) {
        List<String> violations = new ArrayList<>();
        Set<ExpectedDeadLetter> seen = new LinkedHashSet<>();
        for (LoggedRecord record : log) {
            if (!record.isDeadLetter()) {
                continue;
            }
            Optional<ExpectedDeadLetter> explanation = expected.stream()
                    .filter(e -> e.originalTopic().equals(originalTopic(record)) && e.key().equals(record.key()))
                    .findFirst();
            explanation.ifPresentOrElse(seen::add, () -> violations.add("unexplained: " + describe(record)));
        }
        for (ExpectedDeadLetter letter : expected) {
            if (!seen.contains(letter)) {
                violations.add("expected but not dead-lettered: " + letter.why() + " (" + letter.originalTopic()
                        + " key " + letter.key() + ")");
            }
        }
        return violations;
    }

    /** Every dead letter, listed with its consumer, kind and reason. */
    static List<String> deadLetters(Collection<LoggedRecord> log) {
        return log.stream().filter(LoggedRecord::isDeadLetter).map(InvariantChecker::describe).toList();
    }

    /**
     * The rate of {@code AccessProvisioned} in {@code after} is at least {@code share} of the rate in {@code before};
     * a run with nothing provisioned before its fault proves nothing, so that is a violation too.
     */
    static List<String> rateNotRecovered(Collection<LoggedRecord> log, Window before, Window after, double share) {
        double was = provisionedPerSecond(log, before);
        double is = provisionedPerSecond(log, after);
        if (was == 0) {
            return List.of("nothing was provisioned before the fault: no steady rate to recover to");
        }
        if (is + 1e-9 >= share * was) {
            return List.of();
        }
        return List.of(String.format(Locale.ROOT, "%.2f provisioned/s after the fault, below %.0f %% of the %.2f/s "
                + "before", is, share * 100, was));
    }

    /** Distinct {@code AccessProvisioned} per second of broker time within the window. */
    public static double provisionedPerSecond(Collection<LoggedRecord> log, Window window) {
        long count = distinctEvents(log).stream()
                .filter(r -> javaType(r).orElse(null) == AccessProvisioned.class && window.contains(r.timestamp()))
                .count();
        return count / window.seconds();
    }

    /**
     * The longest stretch of broker time within the window with no {@code AccessProvisioned} (from its start to the
     * first, between two, from the last to its end), in seconds: whether the flow paused, where a rate averages.
     */
    public static double longestProvisionedGap(Collection<LoggedRecord> log, Window window) {
        long previous = window.from();
        long longest = 0;
        for (LoggedRecord record : distinctEvents(log)) {
            if (javaType(record).orElse(null) == AccessProvisioned.class && window.contains(record.timestamp())) {
                longest = Math.max(longest, record.timestamp() - previous);
                previous = record.timestamp();
            }
        }
        return Math.max(longest, window.to() - previous) / 1000.0;
    }

    /** The business topics' events, each {@code ce_id} once (the first on the log), in broker-time order. */
    static List<LoggedRecord> distinctEvents(Collection<LoggedRecord> log) {
        Map<String, LoggedRecord> first = new LinkedHashMap<>();
        log.stream().filter(r -> !r.isDeadLetter() && r.eventId() != null && isBusinessTopic(r.topic()))
                .sorted(Comparator.comparingLong(LoggedRecord::timestamp))
                .forEach(r -> first.putIfAbsent(r.topic() + " " + r.eventId(), r));
        return new ArrayList<>(first.values());
    }

    private static boolean isBusinessTopic(String topic) {
        return Topic.eventTopics().stream().anyMatch(t -> t.topicName().equals(topic));
    }

    private static Optional<Class<?>> javaType(LoggedRecord record) {
        String type = record.type();
        if (type == null) {
            return Optional.empty();
        }
        if (type.startsWith("accessledger.request.withdrawn.")) {
            return Optional.of(RequestWithdrawn.class);
        }
        return EventCatalog.byCeType(type).map(EventType::javaType);
    }

    private static String eventName(LoggedRecord record) {
        return javaType(record).map(Class::getSimpleName).orElse(record.type());
    }

    private static String originalTopic(LoggedRecord record) {
        String original = record.header(DeadLetters.ORIGINAL_TOPIC);
        return original != null ? original : record.topic().substring(0, record.topic().length() - "-dlt".length());
    }

    private static String describe(LoggedRecord record) {
        return record.where() + " key " + record.key() + " from " + originalTopic(record) + ", consumer "
                + record.header(DeadLetters.CONSUMER) + ", " + record.header(DeadLetters.KIND) + ": "
                + record.header(DeadLetters.REASON);
    }

    private static String field(LoggedRecord record, String name) {
        return value(record).path(name).asText();
    }

    private static JsonNode value(LoggedRecord record) {
        try {
            return record.value() == null ? JSON.missingNode() : JSON.readTree(record.value());
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }
}
