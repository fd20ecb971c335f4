package io.accessledger.spine.tracing;

import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * With tracing off ({@code management.tracing.export.enabled=false}, a service's default: {@code ACCESSLEDGER_TRACING}
 * unset) Boot's tracing is not configured at all: no OpenTelemetry tracer, no tracing observation handlers, no
 * Prometheus exemplars. Boot's setting turns off the exporters and the propagation only: its OpenTelemetry tracer
 * stayed, and with it three observation handlers that ran on every observation (a web request's, each of Spring
 * Security's filters'), each starting, scoping and ending a span (not recorded since the eleventh round: an always-off
 * sampler), OpenTelemetry's context made current on every thread hop of a call's Reactor context with its scope
 * events feeding the MDC, and an exemplar look-up on every timer's recording: 12 % of request-service's web edge for
 * nothing (docs/BENCHMARKS.md, "Fifteenth round"). Boot's no-op tracer ({@code NoopTracerAutoConfiguration}) takes
 * its place; the spine's own tracing is off then too ({@link RecordTracing#OFF}). With tracing on (the property
 * {@code true} or absent) nothing is filtered: Boot's tracer, its sampler and exporters are as before.
 */
public class TracingOffImportFilter implements AutoConfigurationImportFilter, EnvironmentAware {
    /** Boot's auto-configurations of a tracer and of what uses it; {@code NoopTracerAutoConfiguration} is kept. */
    static final Set<String> TRACING = Set.of(
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.zipkin.ZipkinWithOpenTelemetryTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration");

    private boolean off;

    @Override
    public void setEnvironment(Environment environment) {
        off = !environment.getProperty("management.tracing.export.enabled", Boolean.class, true);
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
        boolean[] match = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < match.length; i++) {
            match[i] = !off || autoConfigurationClasses[i] == null || !TRACING.contains(autoConfigurationClasses[i]);
        }
        return match;
    }
}
