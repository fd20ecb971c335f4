package io.accessledger.spine.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * With tracing off (a service's default) an observation, such as an HTTP request's, records no span, nor does a span
 * whose caller sent a sampled {@code traceparent}; with tracing on (the services' sampling of 1.0) both are recorded
 * and reach the configured exporters: an exporter bean and the OTLP endpoint.
 */
class TracingOffAutoConfigurationTest {
    /** A stand-in for an OpenTelemetry collector: counts the OTLP export requests it is sent. */
    private final HttpServer collector = collector();
    private final AtomicInteger exports = new AtomicInteger();

    private final ApplicationContextRunner services = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
                    OtlpTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
                    TracingOffAutoConfiguration.class))
            .withPropertyValues("spring.application.name=request-service",
                    "management.tracing.sampling.probability=1.0",
                    "management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
                            + collector.getAddress().getPort() + "/v1/traces")
            .withBean(InMemorySpanExporter.class, InMemorySpanExporter::create);

    @Test
    void withTracingOffAnHttpRequestsObservationAndASampledCallersSpanRecordNothing() {
        services.withPropertyValues("management.tracing.export.enabled=false").run(context -> {
            assertThat(spansOf(context)).isEmpty();
            assertThat(context).doesNotHaveBean(OtlpHttpSpanExporter.class);
            assertThat(exports).hasValue(0);
        });
    }

    @Test
    void withTracingOnBothAreRecordedAndExportedAndTheOtlpEndpointGetsItsExporter() {
        services.withPropertyValues("management.tracing.export.enabled=true").run(context -> {
            assertThat(spansOf(context)).extracting(SpanData::getName)
                    .containsExactlyInAnyOrder("http post", "evaluate");
            assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class);
            assertThat(exports).hasPositiveValue();
        });
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    private HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/traces", exchange -> {
                exports.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An HTTP request's observation and a span continuing a caller's sampled trace, then what was exported. */
    private static List<SpanData> spansOf(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        Observation.createNotStarted("http.server.requests", context.getBean(ObservationRegistry.class))
                .contextualName("http post").observe(() -> { });
        Tracer tracer = context.getBean(Tracer.class);
        TraceContext caller = tracer.traceContextBuilder().traceId("4bf92f3577b34da6a3ce929d0e0e4736")
                .spanId("00f067aa0ba902b7").sampled(true).build();
        Span child = tracer.spanBuilder().setParent(caller).name("evaluate").start();
        child.end();
        context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
        return context.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
    }
}
