package io.accessledger.policy.bench;

import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Finding;
import io.accessledger.policy.evaluation.CompiledPolicy;
import io.accessledger.policy.evaluation.Evaluator;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * Describes the benchmark's data set: its shape, what the two request streams make the rules find, and the memory
 * of the compact access view measured with JOL. Not a benchmark (no timing); run it as a plain main
 * (docs/BENCHMARKS.md has the command).
 */
public final class BenchmarkDataSetReport {
    private BenchmarkDataSetReport() {
    }

    public static void main(String[] args) {
        // Records' fields have no Unsafe offset; let JOL find them its other way (before its classes initialise).
        System.setProperty("jol.magicFieldOffset", "true");
        BenchmarkDataSet data = BenchmarkDataSet.generate();
        CompiledPolicy compiled = CompiledPolicy.of(data.policy);
        System.out.println("Data set: " + data.describe());
        System.out.println();
        findings("mixed", data, compiled, data.mixedRequests);
        findings("SoD-named", data, compiled, data.sodRequests);
        memory(data);
    }

    private static void findings(String name, BenchmarkDataSet data, CompiledPolicy compiled,
            BenchmarkDataSet.Request[] requests) {
        Map<String, Integer> byRule = new TreeMap<>();
        int autoApprovable = 0;
        int withConflicts = 0;
        long edges = 0;
        int maxEdges = 0;
        for (BenchmarkDataSet.Request request : requests) {
            Evaluator.Input input = data.input(request);
            Evaluator.Evaluation evaluation = Evaluator.evaluate(compiled, input);
            evaluation.findings().stream().map(Finding::rule).distinct()
                    .forEach(rule -> byRule.merge(rule, 1, Integer::sum));
            autoApprovable += evaluation.autoApprovable() ? 1 : 0;
            withConflicts += evaluation.conflicts().isEmpty() ? 0 : 1;
            int looked = compiled.sodEdges(input.requested()).size();
            edges += looked;
            maxEdges = Math.max(maxEdges, looked);
        }
        int n = requests.length;
        System.out.printf("Stream '%s' (%,d requests): SoD edges looked at per request %.2f on average, %d at most; "
                + "%.1f%% with an SoD conflict; %.1f%% auto-approvable%n", name, n, (double) edges / n, maxEdges,
                100.0 * withConflicts / n, 100.0 * autoApprovable / n);
        byRule.forEach((rule, count) -> System.out.printf("  %-24s %5.1f%% of requests%n", rule, 100.0 * count / n));
        System.out.println();
    }

    private static void memory(BenchmarkDataSet data) {
        CompactAccessView access = data.access;
        Entitlement[] catalog = new Entitlement[access.entitlementCount()];
        for (int id = 0; id < catalog.length; id++) {
            catalog[id] = access.entitlement(id);
        }
        long total = GraphLayout.parseInstance(access).totalSize();
        long dictionary = GraphLayout.parseInstance(new CompactAccessView(catalog, new int[0][], new int[0][]))
                .totalSize();
        long held = 0;
        long pending = 0;
        for (int p = 0; p < access.identities(); p++) {
            held += access.heldIds(p).length;
            pending += access.pendingIds(p).length;
        }
        long perIdentity = total - dictionary;
        System.out.println("JVM: " + VM.current().details().replace('\n', ' ').replaceAll(" +", " ").trim());
        System.out.printf("Access view (JOL GraphLayout.parseInstance(view).totalSize()): %,d bytes (%.1f MiB) for "
                        + "%,d identities, %,d held and %,d pending entitlements%n", total, total / 1048576.0,
                access.identities(), held, pending);
        System.out.printf("  of which the entitlement dictionary (%,d interned Entitlement instances, their strings "
                + "and the id map; shared with the policy): %,d bytes (%.1f MiB)%n", catalog.length, dictionary,
                dictionary / 1048576.0);
        System.out.printf("  of which per-identity arrays: %,d bytes = %.1f bytes per identity%n", perIdentity,
                (double) perIdentity / access.identities());
        System.out.println();
        System.out.println(GraphLayout.parseInstance(access).toFootprint());
    }
}
