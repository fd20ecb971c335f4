package io.accessledger.spine.tracing;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * With tracing off ({@code management.tracing.export.enabled=false}, a service's default: {@code ACCESSLEDGER_TRACING}
 * unset), no span is recorded. Boot's setting turns off the exporters and the propagation only: its tracer stays, and
 * its sampler ({@code management.tracing.sampling.probability}, 1.0 in the services' yml) kept recording a span for
 * every HTTP request and every observation, attributes and events included, that nothing would ever export
 * (docs/BENCHMARKS.md, "Eleventh round"). This sampler, which Boot's own then gives way to, drops them all, a caller's
 * sampled {@code traceparent} too: what is left of a span is the non-recording context OpenTelemetry hands out in its
 * place. With tracing on the services keep Boot's sampler (parent-based, the configured probability) and their
 * exporters.
 */
@AutoConfiguration(before = OpenTelemetryTracingAutoConfiguration.class)
@ConditionalOnClass(Sampler.class)
@ConditionalOnProperty(name = "management.tracing.export.enabled", havingValue = "false")
public class TracingOffAutoConfiguration {

    /** Records no span: Boot's sampler is {@code @ConditionalOnMissingBean}. */
    @Bean
    public Sampler tracingOffSampler() {
        return Sampler.alwaysOff();
    }
}
