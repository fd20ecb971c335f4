package io.accessledger.spine.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
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
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * With tracing off (a service's default) Boot configures no tracer and no tracing observation handler: an observation,
 * such as an HTTP request's, runs no span's start, scope or end and records nothing, and a span continuing a caller's
 * sampled {@code traceparent} is Boot's no-op one; with tracing on (the services' sampling of 1.0) both are recorded
 * and reach the configured exporters: an exporter bean and the OTLP endpoint. The auto-configurations are imported as
 * a service's are (through the import selector, so {@link TracingOffImportFilter} applies).
 */
class TracingOffImportFilterTest {
    /** A stand-in for an OpenTelemetry collector: counts the OTLP export requests it is sent. */
    private final HttpServer collector = collector();
    private final AtomicInteger exports = new AtomicInteger();

    /** Boot's observation and tracing auto-configurations, imported through the selector its own are. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ObservationAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
            OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
            MicrometerTracingAutoConfiguration.class, NoopTracerAutoConfiguration.class})
    static class Service {
    }

    private final ApplicationContextRunner services = new ApplicationContextRunner()
            .withUserConfiguration(Service.class)
            .withPropertyValues("spring.application.name=request-service",
                    "management.tracing.sampling.probability=1.0",
                    "management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
                            + collector.getAddress().getPort() + "/v1/traces")
            .withBean(InMemorySpanExporter.class, InMemorySpanExporter::create);

    @Test
    void withTracingOffNoTracingHandlerRunsAndAnHttpRequestsObservationAndASampledCallersSpanRecordNothing() {
        services.withPropertyValues("management.tracing.export.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(TracingObservationHandler.class)
                    .doesNotHaveBean(SdkTracerProvider.class).doesNotHaveBean(OtlpHttpSpanExporter.class);
            assertThat(context.getBean(Tracer.class)).isSameAs(Tracer.NOOP);
            AtomicInteger handled = new AtomicInteger();
            ObservationRegistry observations = context.getBean(ObservationRegistry.class);
            observations.observationConfig().observationHandler(new ObservationHandler<>() {
                @Override
                public void onStart(Observation.Context observation) {
                    handled.incrementAndGet();
                }

                @Override
                public boolean supportsContext(Observation.Context observation) {
                    return true;
                }
            });
            Observation.createNotStarted("http.server.requests", observations).contextualName("http post")
                    .observe(() -> { });
            assertThat(handled).as("the observation still runs, for its metrics").hasValue(1);
            Span child = Tracer.NOOP.spanBuilder().name("evaluate").start();
            assertThat(child.isNoop()).isTrue();
            child.end();
            assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems()).isEmpty();
            assertThat(exports).hasValue(0);
        });
    }

    @Test
    void withTracingOnBothAreRecordedAndExportedAndTheOtlpEndpointGetsItsExporter() {
        services.withPropertyValues("management.tracing.export.enabled=true").run(context -> {
            assertThat(spansOf(context)).extracting(SpanData::getName)
                    .containsExactlyInAnyOrder("http post", "evaluate");
            assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class);
            assertThat(context.getBeansOfType(TracingObservationHandler.class)).isNotEmpty();
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
