package io.accessledger.spine.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.EventType;
import io.accessledger.events.Topic;
import io.accessledger.events.codec.EventCodec;
import io.accessledger.events.codec.UndecodableEventException;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.integrity.ChainHash;
import io.accessledger.events.integrity.MerkleTree;
import io.accessledger.spine.audit.ChainLink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What a record costs a consumer that passes over it on its {@code ce_type} (docs/BENCHMARKS.md, "End-to-end"):
 * {@code InboundListeners.onMessage} reads its headers and asks the consumer whether it wants the type; since a broken
 * record of an unwanted type is dead-lettered too, it also decodes the value (no database work). The records are every
 * golden sample of the catalogue, encoded and enveloped as the outbox publishes them (CloudEvents headers and the chain
 * headers), one after another.
 *
 * <p>Not part of the suite (its name does not end in {@code Test}); run it with
 * {@code ./mvnw -B -ntp -pl platform/spine -am verify -Dtest=PassedOverRecordBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PassedOverRecordBenchmark {

    private static final EventCodec CODEC = new EventCodec();

    private ConsumerProcessing passesOverEverything;
    private List<ConsumerRecord<String, byte[]>> records;
    private int next;

    @Setup
    public void setUp() {
        passesOverEverything = new ConsumerProcessing(new HandlesNothing(), CODEC, null, null,
                new SimpleMeterRegistry(), null);
        records = published();
    }

    /** Before broken records of unwanted types were dead-lettered: the headers and the type's look-up only. */
    @Benchmark
    public boolean headersAndType() {
        return passesOverEverything.wants(InboundRecord.of(nextRecord()));
    }

    /** Now: the same, and the value decoded to find a broken record. */
    @Benchmark
    public void headersTypeAndDecode(Blackhole hole) {
        InboundRecord record = InboundRecord.of(nextRecord());
        if (!passesOverEverything.wants(record)) {
            passesOverEverything.check(record);
        }
        hole.consume(record);
    }

    private ConsumerRecord<String, byte[]> nextRecord() {
        ConsumerRecord<String, byte[]> record = records.get(next);
        next = next + 1 == records.size() ? 0 : next + 1;
        return record;
    }

    /** Checks what it measures, then runs JMH (the benchmark's launcher, not a test of the suite). */
    @Test
    void run() throws RunnerException {
        PassedOverRecordBenchmark bench = new PassedOverRecordBenchmark();
        bench.setUp();
        assertThat(bench.records).hasSize(EventCatalog.all().size());
        for (int i = 0; i < bench.records.size(); i++) {
            InboundRecord record = InboundRecord.of(bench.nextRecord());
            assertThat(bench.passesOverEverything.wants(record)).isFalse();
            bench.passesOverEverything.check(record);
        }
        ConsumerRecord<String, byte[]> first = bench.records.get(0);
        InboundRecord broken = new InboundRecord(first.topic(), 0, 0, first.key(),
                InboundRecord.of(first).headers(), "{\"eventId\":".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> bench.passesOverEverything.check(broken))
                .isInstanceOf(UndecodableEventException.class);
        new Runner(new OptionsBuilder().include(PassedOverRecordBenchmark.class.getSimpleName() + "\\.").build())
                .run();
    }

    /** Every golden sample as the outbox publishes it: re-encoded, with the envelope's and the chain's headers. */
    private static List<ConsumerRecord<String, byte[]>> published() {
        List<ConsumerRecord<String, byte[]>> published = new ArrayList<>();
        long offset = 0;
        for (EventType type : EventCatalog.all()) {
            DomainEvent event = CODEC.decode(type.ceType(), golden(type.ceType()));
            byte[] value = CODEC.encode(event);
            Map<String, String> headers = Envelope.of(event, "bench-service", "corr-" + event.eventId().value(),
                    event.eventId().value(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").toHeaders();
            String topic = type.topic().topicName();
            String hash = ChainHash.of(topic, event.subject(), headers::get, value, offset, 1,
                    ChainHash.NO_PREDECESSOR);
            headers.putAll(new ChainLink(topic, event.subject(), offset, 1, ChainHash.NO_PREDECESSOR, hash,
                    MerkleTree.Frontier.EMPTY).headers());
            RecordHeaders recordHeaders = new RecordHeaders();
            headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
            published.add(new ConsumerRecord<>(topic, 0, offset++, 0L, TimestampType.CREATE_TIME, 0, value.length,
                    event.subject(), value, recordHeaders, java.util.Optional.empty()));
        }
        return published;
    }

    private static byte[] golden(String ceType) {
        try (InputStream in = EventCodec.class.getResourceAsStream("/golden/" + ceType + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no golden sample for " + ceType);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class HandlesNothing implements EventConsumer {
        @Override
        public String name() {
            return "passes-over-everything";
        }

        @Override
        public Set<Topic> topics() {
            return Set.of(Topic.values());
        }

        @Override
        public boolean handles(Class<? extends DomainEvent> type) {
            return false;
        }

        @Override
        public void handle(DomainEvent event, Envelope envelope) {
            throw new AssertionError("passes over every record");
        }
    }
}
