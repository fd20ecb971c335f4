package io.accessledger.policy.bench;

import io.accessledger.policy.evaluation.CompiledPolicy;
import io.accessledger.policy.evaluation.Evaluator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One policy evaluation ({@link Evaluator#evaluate(CompiledPolicy, Evaluator.Input)}: every rule, the verdict and the
 * resource snapshot) over 100,000 identities × 30 held entitlements, 10,000 entitlements and 500 SoD rules
 * ({@link BenchmarkDataSet}). Sample-time mode, so JMH reports the latency distribution (p50 … p99.9) of single
 * evaluations. Run and results: docs/BENCHMARKS.md.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 5, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 5, timeUnit = TimeUnit.SECONDS)
public class PolicyEvaluationBenchmark {
    private static final int MASK = BenchmarkDataSet.REQUESTS - 1;

    private BenchmarkDataSet data;
    private CompiledPolicy compiled;

    /** Each benchmark thread walks the pre-generated request streams on its own. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup(Level.Trial)
    public void setUp() {
        long start = System.nanoTime();
        data = BenchmarkDataSet.generate();
        compiled = CompiledPolicy.of(data.policy);
        System.out.printf("%n[data set] %s; generated in %d ms%n", data.describe(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** A realistic mix: 35% in the person's standard profile, 45% from their department's systems, 20% anything. */
    @Benchmark
    public Evaluator.Evaluation evaluateMixed(Cursor cursor) {
        return Evaluator.evaluate(compiled, data.input(data.mixedRequests[cursor.next++ & MASK]));
    }

    /** The worst case of the SoD index: the requested entitlement is always named by at least one SoD rule. */
    @Benchmark
    public Evaluator.Evaluation evaluateSodNamed(Cursor cursor) {
        return Evaluator.evaluate(compiled, data.input(data.sodRequests[cursor.next++ & MASK]));
    }
}
