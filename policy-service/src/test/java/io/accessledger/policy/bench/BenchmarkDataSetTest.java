package io.accessledger.policy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.events.model.Entitlement;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.policy.evaluation.CompiledPolicy;
import io.accessledger.policy.evaluation.Evaluator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmark's data set has the promised shape, is deterministic, and its access view behaves as a set. */
class BenchmarkDataSetTest {
    private static final int IDENTITIES = 2_000;

    @Test
    void policyHasTheShapeTheBenchmarkClaims() {
        BenchmarkDataSet data = new BenchmarkDataSet(IDENTITIES, BenchmarkDataSet.SEED);

        Set<Entitlement> catalog = new HashSet<>();
        for (PolicyDocument.Resource resource : data.policy.resources()) {
            resource.levels().forEach(level -> catalog.add(new Entitlement(resource.id(), level.name())));
        }
        assertThat(catalog).hasSize(10_000);
        assertThat(data.policy.sodRules()).hasSize(500).allSatisfy(rule -> {
            assertThat(rule.left()).hasSizeBetween(1, 3);
            assertThat(rule.right()).hasSizeBetween(1, 3).doesNotContainAnyElementsOf(rule.left());
            assertThat(catalog).containsAll(rule.left()).containsAll(rule.right());
        });
        assertThat(data.policy.profiles()).hasSize(201);
        assertThat(data.policy.resources()).anyMatch(r -> r.tags().contains("SOX"))
                .anyMatch(r -> r.tags().contains("HIPAA"))
                .anyMatch(r -> r.levels().stream().anyMatch(PolicyDocument.Level::privileged));
    }

    @Test
    void everyIdentityHoldsThirtyAndPendsAtMostThreeOthers() {
        BenchmarkDataSet data = new BenchmarkDataSet(IDENTITIES, BenchmarkDataSet.SEED);

        for (int p = 0; p < IDENTITIES; p++) {
            Set<Entitlement> held = data.access.held(p);
            Set<Entitlement> pending = data.access.pending(p);
            assertThat(held).hasSize(30);
            assertThat(new HashSet<>(held)).hasSize(30);
            assertThat(pending).hasSizeLessThanOrEqualTo(3).doesNotContainAnyElementsOf(held);
        }
    }

    @Test
    void sameSeedSameData() {
        BenchmarkDataSet one = new BenchmarkDataSet(IDENTITIES, BenchmarkDataSet.SEED);
        BenchmarkDataSet two = new BenchmarkDataSet(IDENTITIES, BenchmarkDataSet.SEED);

        assertThat(two.policy).isEqualTo(one.policy);
        assertThat(two.people).containsExactly(one.people);
        assertThat(two.mixedRequests).containsExactly(one.mixedRequests);
        for (int p = 0; p < IDENTITIES; p++) {
            assertThat(two.access.heldIds(p)).containsExactly(one.access.heldIds(p));
        }
    }

    @Test
    void heldViewAnswersLikeAHashSet() {
        BenchmarkDataSet data = new BenchmarkDataSet(IDENTITIES, BenchmarkDataSet.SEED);
        Set<Entitlement> view = data.access.held(7);
        Set<Entitlement> copy = new HashSet<>(view);

        assertThat(view).isEqualTo(copy);
        for (int id = 0; id < data.access.entitlementCount(); id++) {
            Entitlement probe = data.access.entitlement(id);
            Entitlement equalButNotSame = new Entitlement(probe.resourceId(), probe.level());
            assertThat(view.contains(equalButNotSame)).isEqualTo(copy.contains(probe));
        }
        assertThat(view.contains(new Entitlement("nowhere", "read"))).isFalse();
        assertThat(view.contains("not an entitlement")).isFalse();
        assertThatThrownBy(() -> view.remove(view.iterator().next())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void sodStreamAlwaysRequestsAnEntitlementNamedByARuleAndSomeCollide() {
        BenchmarkDataSet data = new BenchmarkDataSet(IDENTITIES, BenchmarkDataSet.SEED);
        CompiledPolicy compiled = CompiledPolicy.of(data.policy);

        int conflicts = 0;
        for (BenchmarkDataSet.Request request : List.of(data.sodRequests).subList(0, 2_000)) {
            Evaluator.Input input = data.input(request);
            assertThat(compiled.sodEdges(input.requested())).isNotEmpty();
            conflicts += Evaluator.evaluate(compiled, input).conflicts().isEmpty() ? 0 : 1;
        }
        assertThat(conflicts).isGreaterThan(0);
    }
}
