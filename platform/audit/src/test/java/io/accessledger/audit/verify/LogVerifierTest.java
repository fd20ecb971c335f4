package io.accessledger.audit.verify;

import static io.accessledger.audit.verify.Finding.Kind.BEFORE_CHAINING;
import static io.accessledger.audit.verify.Finding.Kind.CHECKPOINT;
import static io.accessledger.audit.verify.Finding.Kind.DELETED;
import static io.accessledger.audit.verify.Finding.Kind.EDITED;
import static io.accessledger.audit.verify.Finding.Kind.INSERTED;
import static io.accessledger.audit.verify.Finding.Kind.NOT_YET_COVERED;
import static io.accessledger.audit.verify.Finding.Kind.REORDERED;
import static io.accessledger.audit.verify.TestPublisher.SERVICE;
import static io.accessledger.audit.verify.TestPublisher.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.envelope.CloudEventHeaders;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.integrity.AuditCheckpoint;
import io.accessledger.events.integrity.AuditKeys;
import io.accessledger.events.integrity.ChainHash;
import io.accessledger.events.integrity.ChainHeaders;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogVerifierTest {
    private final KeyPair keys = AuditKeys.generate();
    private final LogVerifier verifier = new LogVerifier(Map.of(SERVICE, keys.getPublic()));
    private TestPublisher publisher;

    /** Ten events of three requests, then a signed checkpoint of all ten. */
    @BeforeEach
    void publishTenEventsAndACheckpoint() {
        publisher = new TestPublisher(keys);
        for (int i = 0; i < 10; i++) {
            publisher.publish("R-" + (i % 3), "e" + i);
        }
        publisher.checkpoint();
    }

    private VerificationReport verify() {
        return verifier.verify(publisher.log::forEach);
    }

    private static Finding only(VerificationReport report, Finding.Kind kind) {
        assertThat(report.failures()).as(report.render()).hasSize(1);
        Finding finding = report.failures().get(0);
        assertThat(finding.kind()).as(report.render()).isEqualTo(kind);
        return finding;
    }

    @Test
    void anUntouchedLogIsOkAndFullyCovered() {
        VerificationReport report = verify();
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.findings()).isEmpty();
        assertThat(report.topics().get(TOPIC)).isEqualTo(new VerificationReport.TopicCounts(10, 10, 0, 1, 10));
        assertThat(report.render()).startsWith("OK");
    }

    @Test
    void anIdenticalReSendIsCountedNotReported() {
        LogRecord original = publisher.record("e4");
        publisher.append(TOPIC, original.partition(), original.key(), original.headers(), original.value());
        VerificationReport report = verify();
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.topics().get(TOPIC).duplicates()).isEqualTo(1);
        assertThat(report.topics().get(TOPIC).records()).isEqualTo(11);
    }

    @Test
    void anEditedEventIsNamedByItsId() {
        LogRecord original = publisher.record("e4");
        publisher.replace(original, TestPublisher.withValue(original, "{\"eventId\":\"e4\",\"requestId\":\"R-9\"}"));
        Finding finding = only(verify(), EDITED);
        assertThat(finding.ceId()).isEqualTo("e4");
        assertThat(finding.offset()).isEqualTo(original.offset());
        assertThat(finding.partition()).isEqualTo(original.partition());
    }

    @Test
    void anEditedHeaderIsAnEditToo() {
        LogRecord original = publisher.record("e2");
        publisher.replace(original, TestPublisher.withHeader(original, CloudEventHeaders.TIME, "2020-01-01T00:00:00Z"));
        assertThat(only(verify(), EDITED).ceId()).isEqualTo("e2");
    }

    @Test
    void anEditWithItsHashRecomputedIsNamedThroughItsSuccessorAndTheCheckpoint() {
        LogRecord original = publisher.record("e1");
        LogRecord edited = TestPublisher.withValue(original, "{\"eventId\":\"e1\",\"requestId\":\"R-forged\"}");
        String rehashed = ChainHash.of(TOPIC, edited.key(), edited::header, edited.value(), 1, 0,
                ChainHash.NO_PREDECESSOR);
        publisher.replace(original, TestPublisher.withHeader(edited, ChainHeaders.HASH, rehashed));
        VerificationReport report = verify();
        assertThat(report.failures()).as(report.render()).extracting(Finding::kind, Finding::ceId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(EDITED, "e1"),
                        org.assertj.core.groups.Tuple.tuple(CHECKPOINT, "checkpoint-1"));
        assertThat(report.findingsOf(EDITED).get(0).message()).contains("e4");
        assertThat(report.findingsOf(CHECKPOINT).get(0).message()).contains("root mismatch");
    }

    @Test
    void aDeletedEventIsNamedByItsIndexAndTheEventsAroundIt() {
        publisher.log.remove(publisher.record("e5"));
        VerificationReport report = verify();
        List<Finding> deleted = report.findingsOf(DELETED);
        assertThat(report.failures()).as(report.render()).allMatch(f -> f.kind() == DELETED || f.kind() == CHECKPOINT);
        assertThat(deleted).anySatisfy(f -> assertThat(f.message()).contains("index 5 is missing")
                .contains("e4").contains("e6"));
        assertThat(report.findingsOf(CHECKPOINT)).as("the checkpoint over the gap, not 'not yet covered'")
                .singleElement().satisfies(f -> assertThat(f.message()).contains("index 5 is missing"));
        assertThat(deleted).anySatisfy(f -> assertThat(f.message()).contains("key R-2").contains("seq 1")
                .contains("e2").contains("e8"));
        assertThat(report.ok()).isFalse();
    }

    @Test
    void anEventDeletedAtTheEndOfATopicIsCaughtByTheCheckpoint() {
        publisher.log.remove(publisher.record("e9"));
        Finding finding = only(verify(), DELETED);
        assertThat(finding.ceId()).isEqualTo("checkpoint-1");
        assertThat(finding.topic()).isEqualTo(Topic.AUDIT.topicName());
        assertThat(finding.message()).contains("signed 10 events").contains("holds 9").contains("9..9")
                .contains("e8");
    }

    @Test
    void aWholeTopicDeletedIsCaughtByItsCheckpoint() {
        publisher.log.removeIf(record -> record.topic().equals(TOPIC));
        assertThat(only(verify(), DELETED).message()).contains("holds 0").contains("0..9");
    }

    @Test
    void aRecordWithoutChainHeadersAmongChainedOnesIsInserted() {
        LogRecord model = publisher.record("e3");
        Map<String, String> headers = new HashMap<>(model.headers());
        headers.keySet().removeIf(name -> name.startsWith("accessledger_chain_"));
        headers.put(CloudEventHeaders.ID, "forged");
        publisher.append(TOPIC, model.partition(), model.key(), headers, model.value());
        Finding finding = only(verify(), INSERTED);
        assertThat(finding.ceId()).isEqualTo("forged");
        assertThat(finding.message()).contains("no chain headers");
    }

    @Test
    void aForgedRecordAtAnIndexAlreadyTakenIsInserted() {
        LogRecord model = publisher.record("e3");
        Map<String, String> headers = new HashMap<>(model.headers());
        headers.put(CloudEventHeaders.ID, "forged");
        headers.put(ChainHeaders.HASH, ChainHash.of(TOPIC, model.key(), headers::get, model.value(), 3, 1,
                headers.get(ChainHeaders.PREV)));
        publisher.append(TOPIC, model.partition(), model.key(), headers, model.value());
        Finding finding = only(verify(), INSERTED);
        assertThat(finding.ceId()).isEqualTo("forged");
        assertThat(finding.message()).contains("index 3 is already held by ce_id e3");
    }

    @Test
    void aRecordClaimingToStartAKeyWithAPredecessorIsInserted() {
        publisher = new TestPublisher(keys);
        LogRecord first = publisher.publish("R-1", "e0");
        publisher.replace(first, rehashedWith(first, ChainHeaders.PREV, "ab".repeat(32)));
        assertThat(only(verify(), INSERTED).message()).contains("claims to start key R-1");
    }

    private static LogRecord rehashedWith(LogRecord record, String header, String value) {
        LogRecord changed = TestPublisher.withHeader(record, header, value);
        return TestPublisher.withHeader(changed, ChainHeaders.HASH, ChainHash.of(record.topic(), record.key(),
                changed::header, changed.value(), Long.parseLong(changed.header(ChainHeaders.INDEX)),
                Long.parseLong(changed.header(ChainHeaders.SEQ)), changed.header(ChainHeaders.PREV)));
    }

    @Test
    void recordsPublishedBeforeChainingAreInformationNotFailures() {
        publisher = new TestPublisher(keys);
        LogRecord legacy = publisher.append(TOPIC, 0, "R-0", Map.of(CloudEventHeaders.ID, "old"), new byte[0]);
        publisher.publish("R-0", "e0");
        publisher.checkpoint();
        VerificationReport report = verify();
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.findingsOf(BEFORE_CHAINING)).singleElement()
                .satisfies(f -> assertThat(f.offset()).isEqualTo(legacy.offset()));
    }

    @Test
    void aSwappedPairIsNamedByBothIds() {
        LogRecord first = publisher.record("e3");
        LogRecord second = publisher.record("e6");
        assertThat(first.partition()).isEqualTo(second.partition());
        publisher.replace(first, second);
        publisher.replace(second, first);
        Finding finding = only(verify(), REORDERED);
        assertThat(finding.ceId()).isEqualTo("e3");
        assertThat(finding.message()).contains("e6").contains("index 3").contains("index 6");
    }

    @Test
    void aCheckpointWithAChangedStatementHasABadSignature() {
        LogRecord checkpoint = publisher.log.get(publisher.log.size() - 1);
        AuditCheckpoint signed = (AuditCheckpoint) new EventCodec().decode(
                checkpoint.header(CloudEventHeaders.TYPE), checkpoint.value());
        publisher.log.remove(checkpoint);
        publisher.checkpointRecord(new AuditCheckpoint(signed.eventId(), signed.occurredAt(), signed.service(),
                signed.topic(), 9, signed.rootHash(), signed.keyId(), signed.signature()));
        Finding finding = only(verify(), CHECKPOINT);
        assertThat(finding.ceId()).isEqualTo("checkpoint-1");
        assertThat(finding.message()).contains("bad signature");
    }

    @Test
    void aCheckpointSignedWithAnUntrustedKeyIsNamed() {
        KeyPair other = AuditKeys.generate();
        publisher.checkpointRecord(AuditCheckpoint.signed(EventId.of("rogue"), TestPublisher.AT, SERVICE, TOPIC, 10,
                "00".repeat(32), other.getPrivate(), other.getPublic()));
        Finding finding = only(verify(), CHECKPOINT);
        assertThat(finding.ceId()).isEqualTo("rogue");
        assertThat(finding.message()).contains("signed with key " + AuditKeys.keyId(other.getPublic()));
    }

    @Test
    void trustedKeysComeFromADirectoryOfServicePublicKeys(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        AuditKeys.write(keys, dir, SERVICE);
        java.nio.file.Files.delete(dir.resolve(SERVICE + AuditKeys.PRIVATE_SUFFIX));
        VerificationReport report = LogVerifier.trusting(dir).verify(publisher.log::forEach);
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.topics().get(TOPIC).checkpoints()).isEqualTo(1);
    }

    @Test
    void aCheckpointOfAServiceWithoutATrustedKeyIsAnUnknownKey() {
        VerificationReport report = new LogVerifier(Map.of()).verify(publisher.log::forEach);
        assertThat(only(report, CHECKPOINT).message()).contains("unknown key").contains(SERVICE);
    }

    @Test
    void aServiceCannotCheckpointATopicItDoesNotOwn() {
        publisher.checkpointRecord(AuditCheckpoint.signed(EventId.of("foreign"), TestPublisher.AT, SERVICE,
                Topic.APPROVAL.topicName(), 1, "00".repeat(32), keys.getPrivate(), keys.getPublic()));
        assertThat(only(verify(), CHECKPOINT).message()).contains("which approval-service owns");
    }

    @Test
    void eventsAfterTheLastCheckpointAreReportedAsNotYetCovered() {
        publisher.publish("R-1", "e10");
        publisher.publish("R-2", "e11");
        VerificationReport report = verify();
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.findingsOf(NOT_YET_COVERED)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("2 event(s) (indexes 10..11)"));
        assertThat(report.topics().get(TOPIC).covered()).isEqualTo(10);
    }

    @Test
    void theTextReportNamesEachFindingByItsEvent() {
        publisher.replace(publisher.record("e7"), TestPublisher.withValue(publisher.record("e7"), "{}"));
        String text = verify().render();
        assertThat(text).startsWith("FAILED: 1 finding(s)").contains("EDITED " + TOPIC + "[")
                .contains("ce_id=e7").contains("key=R-1");
    }
}
