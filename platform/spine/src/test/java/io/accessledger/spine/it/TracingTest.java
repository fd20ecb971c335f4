package io.accessledger.spine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.events.Topic;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.inbound.Causation;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With tracing on: a record consumed with a {@code traceparent} is handled in a child span of it, and the events the
 * command it causes produces carry that child's {@code traceparent} (same trace id, the child as parent); the
 * consumer's log lines, as JSON, carry the request id and the trace id.
 */
@SpringBootTest(classes = SpineTestApp.class, properties = {
        "spring.application.name=request-service",
        "axon.axonserver.enabled=false",
        "spine-test.caused-revisions=true",
        "management.tracing.export.enabled=true",
        "management.tracing.sampling.probability=1.0",
        "management.opentelemetry.tracing.export.schedule-delay=50ms",
        "logging.structured.format.console=ecs"})
@Import(TracingTest.Spans.class)
@ExtendWith(OutputCaptureExtension.class)
class TracingTest {
    static {
        // Spring Boot configures Logback once, for the first context of the JVM, and again only after a context has
        // closed: the test contexts cached before this one would otherwise keep their console format for it (it
        // failed so whenever a test class that left its context open ran just before it).
        LoggingSystem.get(TracingTest.class.getClassLoader()).cleanUp();
    }

    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();
    private static final String BOOTSTRAP = BROKER.bootstrapServers();

    /** Imported only here (not a scanned configuration): the spans finished, in memory. */
    static class Spans {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> BOOTSTRAP);
        registry.add("spring.datasource.url", () -> LocalPostgres.freshDatabaseUrl("spine_tracing"));
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    InMemorySpanExporter spans;

    @Test
    void theEventsCausedByAConsumedRecordContinueItsTraceFromAChildSpanAndItsLogLinesCarryRequestAndTraceIds(
            CapturedOutput output) {
        String traceId = hex(16);
        String callerSpan = hex(8);
        String request = "R-" + UUID.randomUUID().toString().substring(0, 8) + "-traced";
        List<ConsumerRecord<String, byte[]>> records = submitAndReadItsRevision(commands, BOOTSTRAP, request,
                "00-" + traceId + "-" + callerSpan + "-01");

        assertThat(TopicRecords.header(records.get(0), Causation.TRACEPARENT))
                .isEqualTo("00-" + traceId + "-" + callerSpan + "-01");
        String[] caused = TopicRecords.header(records.get(1), Causation.TRACEPARENT).split("-");
        assertThat(caused[1]).isEqualTo(traceId);
        assertThat(caused[2]).isNotEqualTo(callerSpan);

        await().atMost(Duration.ofSeconds(10)).until(() -> handlingSpan(traceId) != null);
        SpanData handling = handlingSpan(traceId);
        assertThat(handling.getParentSpanId()).isEqualTo(callerSpan);
        assertThat(handling.getSpanId()).isEqualTo(caused[2]);
        assertThat(handling.getName()).endsWith(" caused-revisions");

        String line = output.getOut().lines().filter(l -> l.contains("revising " + request)).findFirst().orElseThrow();
        assertThat(line).startsWith("{").contains("\"requestId\":\"" + request + "\"").contains(traceId);
    }

    @Test
    void theOutboxSendsEachEventInAProducerSpanOfItsTraceAndLeavesTheRecordsTraceparentAsStored() {
        String traceId = hex(16);
        String callerSpan = hex(8);
        String request = "R-" + UUID.randomUUID().toString().substring(0, 8) + "-sent-traced";
        List<ConsumerRecord<String, byte[]>> records = submitAndReadItsRevision(commands, BOOTSTRAP, request,
                "00-" + traceId + "-" + callerSpan + "-01");
        String handlingSpan = TopicRecords.header(records.get(1), Causation.TRACEPARENT).split("-")[2];

        await().atMost(Duration.ofSeconds(10)).until(() -> publishSpans(traceId).size() == 2);
        List<SpanData> publishes = publishSpans(traceId);
        assertThat(publishes).extracting(SpanData::getParentSpanId).containsExactlyInAnyOrder(callerSpan, handlingSpan);
        assertThat(publishes).allSatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.PRODUCER);
            assertThat(span.getAttributes().asMap().toString()).contains(Topic.REQUEST.topicName());
        });
        assertThat(TopicRecords.header(records.get(0), Causation.TRACEPARENT))
                .isEqualTo("00-" + traceId + "-" + callerSpan + "-01");
    }

    private List<SpanData> publishSpans(String traceId) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(traceId) && span.getName().startsWith("publish "))
                .toList();
    }

    /**
     * Submits {@code request} with {@code traceparent} (as a command from a call in that trace would) and returns its
     * two records: the submission and the revision the consumer {@code caused-revisions} caused.
     */
    static List<ConsumerRecord<String, byte[]>> submitAndReadItsRevision(CommandGateway commands, String bootstrap,
            String request, String traceparent) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new SpineTestApp.Submit(RequestId.of(request),
                EventId.of(UUID.randomUUID().toString()), 1, Instant.parse("2026-11-02T09:00:00Z")))
                .andMetaData(Map.of(Causation.TRACEPARENT, traceparent)));
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> TopicRecords.withKey(bootstrap, Topic.REQUEST.topicName(), request), found -> found.size() == 2);
    }

    private SpanData handlingSpan(String traceId) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(traceId) && span.getName().endsWith("caused-revisions"))
                .findFirst().orElse(null);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
