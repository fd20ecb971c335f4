package io.accessledger.spine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.infra.KraftBroker;
import io.accessledger.infra.LocalPostgres;
import io.accessledger.spine.inbound.Causation;
import io.accessledger.spine.tracing.RecordTracing;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With tracing off (the local default), no span is opened and the {@code traceparent} a consumed record arrived
 * with is passed on unchanged to the events it causes; the consumer's log lines still carry the request id. Boot
 * configures no tracer then: its no-op one, and no tracing observation handler ({@code TracingOffImportFilter}).
 */
@SpringBootTest(classes = SpineTestApp.class, properties = {
        "spring.application.name=request-service",
        "axon.axonserver.enabled=false",
        "spine-test.caused-revisions=true",
        "management.tracing.export.enabled=false",
        "logging.structured.format.console=ecs"})
@ExtendWith(OutputCaptureExtension.class)
class TracingOffTest {
    private static final KraftBroker BROKER = KraftBroker.onFreePorts().start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
        registry.add("spring.datasource.url", () -> LocalPostgres.freshDatabaseUrl("spine_tracing_off"));
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    RecordTracing tracing;
    @Autowired
    ApplicationContext context;

    @Test
    void bootConfiguresNoTracerAndNoTracingObservationHandler() {
        assertThat(context.getBean(Tracer.class)).isSameAs(Tracer.NOOP);
        assertThat(context.getBeansOfType(TracingObservationHandler.class)).isEmpty();
        assertThat(context.getBeanNamesForType(SdkTracerProvider.class)).isEmpty();
    }

    @Test
    void theTraceparentThatArrivedIsPassedOnUnchangedAndLogLinesStillCarryTheRequestId(CapturedOutput output) {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String request = "R-" + UUID.randomUUID().toString().substring(0, 8) + "-traced";

        List<ConsumerRecord<String, byte[]>> records = TracingTest.submitAndReadItsRevision(commands,
                BROKER.bootstrapServers(), request, traceparent);

        assertThat(tracing.on()).isFalse();
        assertThat(records).extracting(record -> TopicRecords.header(record, Causation.TRACEPARENT))
                .containsExactly(traceparent, traceparent);
        String line = output.getOut().lines().filter(l -> l.contains("revising " + request)).findFirst().orElseThrow();
        assertThat(line).contains("\"requestId\":\"" + request + "\"").doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736");
    }
}
