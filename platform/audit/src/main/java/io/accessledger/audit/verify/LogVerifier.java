package io.accessledger.audit.verify;

import static io.accessledger.audit.verify.Finding.Kind.BEFORE_CHAINING;
import static io.accessledger.audit.verify.Finding.Kind.CHECKPOINT;
import static io.accessledger.audit.verify.Finding.Kind.DELETED;
import static io.accessledger.audit.verify.Finding.Kind.EDITED;
import static io.accessledger.audit.verify.Finding.Kind.INSERTED;
import static io.accessledger.audit.verify.Finding.Kind.NOT_YET_COVERED;
import static io.accessledger.audit.verify.Finding.Kind.REORDERED;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.integrity.AuditCheckpoint;
import io.accessledger.events.integrity.AuditKeys;
import io.accessledger.events.integrity.ChainHash;
import io.accessledger.events.integrity.ChainHeaders;
import io.accessledger.events.integrity.MerkleTree;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Verifies the tamper evidence of the log (docs/AUDIT.md): every event's chain hash, the chain of each key, the
 * topic-wide index, the order within partitions, and the signed checkpoints against the Merkle root the log gives.
 * Pure: it reads records from a {@link LogSource} and returns a {@link VerificationReport} naming each edited,
 * deleted, inserted or reordered event. An identical re-send (same index, same hash: at-least-once delivery) is
 * counted, not reported.
 *
 * <p>Only compact facts of each record are kept (not its value), so a whole log fits in memory.
 */
public final class LogVerifier {
    private final Map<String, PublicKey> trustedKeys;
    private final EventCodec codec = new EventCodec();

    /** @param trustedKeys the public key of each service, by service name ({@link AuditKeys#readTrusted}) */
    public LogVerifier(Map<String, PublicKey> trustedKeys) {
        this.trustedKeys = Map.copyOf(trustedKeys);
    }

    /** A verifier trusting the {@code <service>.pub} files of a directory (base64 X.509 Ed25519 public keys). */
    public static LogVerifier trusting(java.nio.file.Path publicKeyDirectory) throws java.io.IOException {
        return new LogVerifier(AuditKeys.readTrusted(publicKeyDirectory));
    }

    /** Reads every record of the source once and reports what it found. */
    public VerificationReport verify(LogSource source) {
        Run run = new Run();
        source.forEach(run::add);
        return run.report();
    }

    /** Where a record is, and which event it is. */
    private record Place(String topic, int partition, long offset, String ceId, String key) {
        Finding finding(Finding.Kind kind, String message) {
            return new Finding(kind, topic, partition, offset, ceId, key, message);
        }

        String describe() {
            return "ce_id " + ceId + " (" + topic + "[" + partition + "]@" + offset + ")";
        }
    }

    /** The chain facts of one event record; {@code intact} when its content still gives its hash. */
    private record Link(Place place, long index, long seq, String prev, String hash, boolean intact) {
        String describe() {
            return place.describe() + " at index " + index;
        }
    }

    /** A checkpoint as found on the audit topic. */
    private record Signed(Place place, AuditCheckpoint checkpoint) {
    }

    /** The state of one verification: records in, report out. */
    private final class Run {
        private final Map<String, List<Link>> linksByTopic = new TreeMap<>();
        private final Map<String, List<Place>> unchainedByTopic = new TreeMap<>();
        private final List<Signed> checkpoints = new ArrayList<>();
        private final List<Finding> findings = new ArrayList<>();
        private final Map<String, long[]> records = new HashMap<>();

        void add(LogRecord record) {
            Place place = new Place(record.topic(), record.partition(), record.offset(),
                    record.header(CloudEventHeaders.ID), record.key());
            if (record.topic().equals(Topic.AUDIT.topicName())) {
                addCheckpoint(place, record);
                return;
            }
            records.computeIfAbsent(record.topic(), t -> new long[1])[0]++;
            String index = record.header(ChainHeaders.INDEX);
            String seq = record.header(ChainHeaders.SEQ);
            String prev = record.header(ChainHeaders.PREV);
            String hash = record.header(ChainHeaders.HASH);
            if (index == null || seq == null || prev == null || hash == null) {
                unchainedByTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(place);
                return;
            }
            try {
                long i = Long.parseLong(index);
                long s = Long.parseLong(seq);
                String computed = ChainHash.of(record.topic(), record.key(), record::header, record.value(), i, s,
                        prev);
                linksByTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>())
                        .add(new Link(place, i, s, prev, hash, computed.equals(hash)));
            } catch (NumberFormatException e) {
                findings.add(place.finding(INSERTED, "its chain headers are malformed (index " + index + ", seq "
                        + seq + "): the outbox did not write them"));
            }
        }

        private void addCheckpoint(Place place, LogRecord record) {
            try {
                DomainEvent event = codec.decode(record.header(CloudEventHeaders.TYPE), record.value());
                if (event instanceof AuditCheckpoint checkpoint) {
                    checkpoints.add(new Signed(place, checkpoint));
                    return;
                }
            } catch (RuntimeException e) {
                // reported below
            }
            findings.add(place.finding(CHECKPOINT, "a record on the audit topic that is not a checkpoint"));
        }

        VerificationReport report() {
            Map<String, VerificationReport.TopicCounts> counts = new TreeMap<>();
            Map<String, List<Signed>> validByTopic = validCheckpoints();
            java.util.SortedSet<String> topics = new java.util.TreeSet<>(records.keySet());
            topics.addAll(validByTopic.keySet());
            for (String topic : topics) {
                counts.put(topic, verifyTopic(topic, validByTopic.getOrDefault(topic, List.of())));
            }
            findings.sort(Comparator.comparing(Finding::topic).thenComparing(Finding::partition)
                    .thenComparing(Finding::offset));
            return new VerificationReport(findings, counts);
        }

        private Map<String, List<Signed>> validCheckpoints() {
            Map<String, List<Signed>> valid = new HashMap<>();
            for (Signed signed : checkpoints) {
                String problem = signatureProblem(signed.checkpoint());
                if (problem != null) {
                    findings.add(signed.place().finding(CHECKPOINT, problem));
                } else {
                    valid.computeIfAbsent(signed.checkpoint().topic(), t -> new ArrayList<>()).add(signed);
                }
            }
            return valid;
        }

        /** Why a checkpoint cannot be trusted, or {@code null}. */
        private String signatureProblem(AuditCheckpoint checkpoint) {
            Topic topic = Topic.eventTopics().stream().filter(t -> t.topicName().equals(checkpoint.topic()))
                    .findFirst().orElse(null);
            if (topic == null) {
                return "a checkpoint of " + checkpoint.topic() + ", which is not an AccessLedger event topic";
            }
            if (!topic.isOwnedBy(checkpoint.service())) {
                return checkpoint.service() + " signed a checkpoint of " + checkpoint.topic() + ", which "
                        + topic.owner() + " owns";
            }
            PublicKey key = trustedKeys.get(checkpoint.service());
            if (key == null) {
                return "unknown key " + checkpoint.keyId() + ": no trusted public key of " + checkpoint.service();
            }
            if (!AuditKeys.keyId(key).equals(checkpoint.keyId())) {
                return "signed with key " + checkpoint.keyId() + ", but the trusted key of " + checkpoint.service()
                        + " is " + AuditKeys.keyId(key);
            }
            if (!checkpoint.isSignedBy(key)) {
                return "bad signature: this checkpoint (" + checkpoint.treeSize() + " events of "
                        + checkpoint.topic() + ") is not what " + checkpoint.service() + " signed";
            }
            return null;
        }

        private VerificationReport.TopicCounts verifyTopic(String topic, List<Signed> valid) {
            List<Link> links = new ArrayList<>(linksByTopic.getOrDefault(topic, List.of()));
            links.sort(Comparator.comparing((Link link) -> link.place().partition())
                    .thenComparing(link -> link.place().offset()));
            reportUnchained(topic, links);
            long duplicates = 0;
            TreeMap<Long, Link> byIndex = new TreeMap<>();
            List<Link> firsts = new ArrayList<>();
            for (Link link : links) {
                if (!link.intact()) {
                    findings.add(link.place().finding(EDITED, "its content or headers no longer give its chain hash"
                            + " (index " + link.index() + ", seq " + link.seq() + " of its key): the event was changed"));
                }
                Link holder = byIndex.putIfAbsent(link.index(), link);
                if (holder == null) {
                    firsts.add(link);
                } else if (holder.hash().equals(link.hash()) && link.intact()) {
                    duplicates++;
                } else if (link.intact()) {
                    findings.add(link.place().finding(INSERTED, "index " + link.index() + " is already held by "
                            + holder.place().describe() + " with another hash: this record was added"));
                }
            }
            reportReordered(firsts);
            reportMissingIndexes(topic, byIndex);
            reportBrokenKeyChains(firsts);
            long covered = verifyCheckpoints(topic, byIndex, valid);
            reportUncovered(topic, byIndex, covered);
            return new VerificationReport.TopicCounts(records.getOrDefault(topic, new long[1])[0], byIndex.size(),
                    duplicates, valid.size(), covered);
        }

        /** Unchained records before a partition's first chained one predate chaining; any later one was added. */
        private void reportUnchained(String topic, List<Link> links) {
            Map<Integer, Long> firstChainedOffset = new HashMap<>();
            for (Link link : links) {
                firstChainedOffset.merge(link.place().partition(), link.place().offset(), Math::min);
            }
            for (Place place : unchainedByTopic.getOrDefault(topic, List.of())) {
                Long first = firstChainedOffset.get(place.partition());
                if (first == null || place.offset() < first) {
                    findings.add(place.finding(BEFORE_CHAINING, "published before its service chained its events:"
                            + " no chain headers, nothing to verify"));
                } else {
                    findings.add(place.finding(INSERTED, "it has no chain headers, after chained events of its"
                            + " partition: the outbox did not publish it"));
                }
            }
        }

        /** Within a partition the outbox sends in index order; a smaller index after a larger one was moved. */
        private void reportReordered(List<Link> firsts) {
            Link highest = null;
            for (Link link : firsts) {
                if (highest != null && highest.place().partition() != link.place().partition()) {
                    highest = null;
                }
                if (highest != null && link.index() < highest.index()) {
                    findings.add(link.place().finding(REORDERED, "index " + link.index() + " comes after "
                            + highest.describe() + " in its partition: the two were swapped or moved"));
                } else {
                    highest = link;
                }
            }
        }

        /** Every index from 0 to the highest must be there; a run of missing ones is named with its neighbours. */
        private void reportMissingIndexes(String topic, TreeMap<Long, Link> byIndex) {
            long expected = 0;
            Link before = null;
            for (Map.Entry<Long, Link> entry : byIndex.entrySet()) {
                if (entry.getKey() > expected) {
                    Link after = entry.getValue();
                    findings.add(after.place().finding(DELETED, (entry.getKey() - expected == 1
                            ? "index " + expected + " is missing" : "indexes " + expected + ".." + (entry.getKey() - 1)
                                    + " are missing") + " from " + topic + ": deleted between "
                            + (before == null ? "the start" : before.describe()) + " and " + after.describe()));
                }
                expected = entry.getKey() + 1;
                before = entry.getValue();
            }
        }

        /** Each key's events run seq 0, 1, 2, … each naming its predecessor's hash as its prev. */
        private void reportBrokenKeyChains(List<Link> firsts) {
            Map<String, List<Link>> byKey = new LinkedHashMap<>();
            for (Link link : firsts) {
                byKey.computeIfAbsent(link.place().key(), k -> new ArrayList<>()).add(link);
            }
            for (List<Link> chain : byKey.values()) {
                chain.sort(Comparator.comparingLong(Link::seq).thenComparingLong(Link::index));
                Link previous = null;
                for (Link link : chain) {
                    verifyLink(previous, link);
                    if (previous == null || link.seq() != previous.seq()) {
                        previous = link;
                    }
                }
            }
        }

        private void verifyLink(Link previous, Link link) {
            long expectedSeq = previous == null ? 0 : previous.seq() + 1;
            if (previous != null && link.seq() == previous.seq()) {
                findings.add(link.place().finding(INSERTED, "seq " + link.seq() + " of key " + link.place().key()
                        + " is already held by " + previous.describe() + ": this record was added"));
            } else if (link.seq() > expectedSeq) {
                findings.add(link.place().finding(DELETED, (link.seq() - expectedSeq == 1 ? "seq " + expectedSeq
                        + " is missing" : "seqs " + expectedSeq + ".." + (link.seq() - 1) + " are missing")
                        + " from key " + link.place().key() + ": deleted between "
                        + (previous == null ? "its start" : previous.describe()) + " and " + link.describe()));
            } else if (previous == null && !link.prev().equals(ChainHash.NO_PREDECESSOR)) {
                findings.add(link.place().finding(INSERTED, "it claims to start key " + link.place().key()
                        + " but names a predecessor: this record was added"));
            } else if (previous != null && previous.intact() && !link.prev().equals(previous.hash())) {
                findings.add(previous.place().finding(EDITED, "its successor " + link.describe() + " recorded another"
                        + " hash for it: the event was changed and its hash recomputed (or the successor was forged)"));
            }
        }

        /**
         * Replays the topic's leaves in index order through a Merkle frontier and compares the root at each valid
         * checkpoint's size; returns the largest tree size a checkpoint confirms.
         */
        private long verifyCheckpoints(String topic, TreeMap<Long, Link> byIndex, List<Signed> valid) {
            List<Signed> bySize = valid.stream().sorted(Comparator.comparingLong(s -> s.checkpoint().treeSize()))
                    .toList();
            long logSize = byIndex.isEmpty() ? 0 : byIndex.lastKey() + 1;
            MerkleTree.Frontier frontier = MerkleTree.Frontier.EMPTY;
            boolean complete = true;
            boolean gapReported = false;
            long covered = 0;
            for (Signed signed : bySize) {
                AuditCheckpoint checkpoint = signed.checkpoint();
                while (complete && frontier.size() < Math.min(checkpoint.treeSize(), logSize)) {
                    Link leaf = byIndex.get(frontier.size());
                    if (leaf == null) {
                        complete = false;
                    } else {
                        frontier = frontier.append(MerkleTree.leafData(leaf.hash()));
                    }
                }
                if (checkpoint.treeSize() > logSize) {
                    findings.add(signed.place().finding(DELETED, checkpoint.service() + " signed " + checkpoint.treeSize()
                            + " events of " + topic + ", the log holds " + logSize + ": the events at indexes "
                            + logSize + ".." + (checkpoint.treeSize() - 1) + " were deleted"
                            + (logSize > 0 ? " (after " + byIndex.get(logSize - 1).describe() + ")" : "")));
                } else if (complete && !frontier.rootHex().equals(checkpoint.rootHash())) {
                    findings.add(signed.place().finding(CHECKPOINT, "root mismatch: the first "
                            + checkpoint.treeSize() + " events of " + topic + " are not the events "
                            + checkpoint.service() + " signed (an event was changed, hash and all)"));
                } else if (complete) {
                    covered = Math.max(covered, checkpoint.treeSize());
                } else if (!gapReported) {
                    gapReported = true;
                    findings.add(signed.place().finding(CHECKPOINT, "the log does not give the root "
                            + checkpoint.service() + " signed over the first " + checkpoint.treeSize() + " events of "
                            + topic + ": index " + frontier.size() + " is missing, so no event from there on is"
                            + " confirmed by this or any later checkpoint"));
                }
            }
            return covered;
        }

        private void reportUncovered(String topic, TreeMap<Long, Link> byIndex, long covered) {
            long uncovered = byIndex.keySet().stream().filter(index -> index >= covered).count();
            if (uncovered > 0) {
                long last = byIndex.lastKey();
                findings.add(new Finding(NOT_YET_COVERED, topic, -1, -1, null, null, uncovered + " event(s) (indexes "
                        + covered + ".." + last + ") are not yet covered by a signed checkpoint"));
            }
        }
    }
}
