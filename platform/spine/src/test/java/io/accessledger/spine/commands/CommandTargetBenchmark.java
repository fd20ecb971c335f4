package io.accessledger.spine.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What finding a command's target aggregate costs (docs/BENCHMARKS.md, "End-to-end", "Ninth round"): Axon's
 * {@link AnnotationCommandTargetResolver} ({@code axon}: every method and field of the command's class searched for
 * the annotations at each command) against {@link CachedCommandTargetResolver} ({@code cached}: the search done once
 * per class), on a command shaped as the services' are (a record of six components, the target one of them, as
 * provisioning-service's {@code SendNotification}).
 *
 * <p>Not part of the suite (its name does not end in {@code Test}); run it with
 * {@code ./mvnw -B -ntp -o -pl platform/spine -am verify -Dtest=CommandTargetBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class CommandTargetBenchmark {
    /** A command as the services write them. */
    public record SendSomething(@TargetAggregateIdentifier String notificationId, String template, String recipient,
            Map<String, String> values, String causeEventId, Instant at) {
    }

    @Param({"axon", "cached"})
    public String resolver;

    private CommandTargetResolver targets;
    private final CommandMessage<?> command = new GenericCommandMessage<>(new SendSomething("N-1", "task-opened",
            "bruno.keller@example.com", Map.of("requestId", "R-1"), "e-1", Instant.parse("2026-12-07T05:00:00Z")));

    @Setup
    public void setUp() {
        targets = "axon".equals(resolver) ? AnnotationCommandTargetResolver.builder().build()
                : new CachedCommandTargetResolver();
    }

    @Benchmark
    public VersionedAggregateIdentifier resolve() {
        return targets.resolveTarget(command);
    }

    /** Checks what it measures (both find the same target), then runs JMH (the launcher, not a test). */
    @Test
    void run() throws Exception {
        for (String each : new String[] {"axon", "cached"}) {
            CommandTargetBenchmark bench = new CommandTargetBenchmark();
            bench.resolver = each;
            bench.setUp();
            assertThat(bench.resolve()).isEqualTo(new VersionedAggregateIdentifier("N-1", null));
        }
        new Runner(new OptionsBuilder().include(CommandTargetBenchmark.class.getSimpleName() + "\\.").build()).run();
    }
}
