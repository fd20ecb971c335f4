package io.accessledger.spine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.annotation.ClasspathHandlerDefinition;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiHandlerDefinition;
import org.axonframework.messaging.timeout.HandlerTimeoutConfiguration;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.messaging.timeout.TaskTimeoutSettings;
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
 * What Axon's per-handler time limit costs one handler invocation (docs/BENCHMARKS.md, "End-to-end", "Eighth round"):
 * an annotated event handler that does nothing, invoked through Axon's {@link AnnotationEventHandlerAdapter} with the
 * time-limit enhancer Axon's Spring Boot starter registers, at Axon's default limits ({@code limited}: 30 s, warnings
 * from 10 s every 1 s; the wrapper formats the task's name, takes the calling thread's whole stack and schedules a
 * first warning on Axon's shared scheduler, then cancels it) or with them off ({@code none}: what
 * {@link AxonHandlerTimeouts} sets, the handler not wrapped). {@code depth}: frames below the handler, as under a Kafka
 * listener, a transaction and Axon's command bus (JFR cut its samples there at 64 frames). Command and
 * event-sourcing handlers are wrapped the same way.
 *
 * <p>Not part of the suite (its name does not end in {@code Test}); run it with
 * {@code ./mvnw -B -ntp -o -pl platform/spine -am verify -Dtest=HandlerTimeLimitBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class HandlerTimeLimitBenchmark {
    @Param({"60", "120"})
    public int depth;

    @Param({"limited", "none"})
    public String limit;

    private AnnotationEventHandlerAdapter adapter;
    private final EventMessage<?> message = GenericEventMessage.asEventMessage("an event");

    /** The handler: counts what it was given. */
    public static class Listener {
        int handled;

        @EventHandler
        public void on(String event) {
            handled++;
        }
    }

    final Listener listener = new Listener();

    @Setup
    public void setUp() {
        TaskTimeoutSettings settings = limit.equals("limited") ? new TaskTimeoutSettings(30_000, 10_000, 1_000)
                : new TaskTimeoutSettings(-1, -1, -1);
        HandlerTimeoutHandlerEnhancerDefinition timeLimits = new HandlerTimeoutHandlerEnhancerDefinition(
                new HandlerTimeoutConfiguration(settings, settings, settings, settings));
        adapter = new AnnotationEventHandlerAdapter(listener, ClasspathParameterResolverFactory.forClass(Listener.class),
                MultiHandlerDefinition.ordered(timeLimits, ClasspathHandlerDefinition.forClass(Listener.class)));
    }

    @Benchmark
    public Object handle() throws Exception {
        return below(depth);
    }

    private Object below(int frames) throws Exception {
        return frames > 0 ? below(frames - 1) : adapter.handle(message);
    }

    @Test
    void run() throws Exception {
        for (String limit : new String[] {"limited", "none"}) {
            HandlerTimeLimitBenchmark bench = new HandlerTimeLimitBenchmark();
            bench.depth = 10;
            bench.limit = limit;
            bench.setUp();
            bench.handle();
            assertThat(bench.listener.handled).isEqualTo(1);
        }
        new Runner(new OptionsBuilder().include(HandlerTimeLimitBenchmark.class.getSimpleName() + "\\.").build())
                .run();
    }
}
