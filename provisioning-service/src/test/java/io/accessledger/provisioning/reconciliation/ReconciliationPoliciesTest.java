package io.accessledger.provisioning.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.events.provisioning.UngovernedHandling;
import io.accessledger.provisioning.connectors.InvalidTargets;
import io.accessledger.provisioning.connectors.ManualConnector;
import io.accessledger.provisioning.connectors.TargetProblem;
import io.accessledger.provisioning.connectors.Targets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;

/** Each target's reconciliation settings, from YAML as a user writes it, and refused at startup when unusable. */
class ReconciliationPoliciesTest {
    private static ReconciliationPolicies bind(String yaml) {
        try {
            Binder binder = new Binder(ConfigurationPropertySources.from(new YamlPropertySourceLoader().load(
                    "user.yml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))));
            return ReconciliationPolicies.from(binder, Targets.from(binder, List.of(new ManualConnector())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aTargetIsReconciledEveryPeriodItNamesAndUngovernedAccessGoesToReviewByDefault() {
        ReconciliationPolicies policies = bind("""
                accessledger.provisioning.targets:
                  wiki: {type: manual, reconcile-every: PT6H}
                  paper: {type: manual}
                """);
        assertThat(policies.scheduled()).isEqualTo(Map.of("wiki", Duration.ofHours(6)));
        assertThat(policies.handling("wiki")).isEqualTo(UngovernedHandling.REVIEW);
        assertThat(policies.handling("paper")).isEqualTo(UngovernedHandling.REVIEW);
    }

    @Test
    void aPeriodThatIsNoDurationAndAnUnknownHandlingRefuseTheStartNamingTheKey() {
        assertThatThrownBy(() -> bind("""
                accessledger.provisioning.targets:
                  wiki: {type: manual, reconcile-every: 6 hours, on-ungoverned: IGNORE}
                """)).isInstanceOfSatisfying(InvalidTargets.class, invalid -> assertThat(invalid.problems())
                .extracting(TargetProblem::key).containsExactlyInAnyOrder(
                        "accessledger.provisioning.targets.wiki.reconcile-every",
                        "accessledger.provisioning.targets.wiki.on-ungoverned"));
    }

    @Test
    void theRemovePolicyAppliesToItsTargetOnlyWrittenInAnyCase() {
        ReconciliationPolicies policies = bind("""
                accessledger.provisioning.targets:
                  wiki: {type: manual, on-ungoverned: remove}
                  paper: {type: manual, on-ungoverned: REVIEW}
                """);
        assertThat(policies.handling("wiki")).isEqualTo(UngovernedHandling.REMOVE);
        assertThat(policies.handling("paper")).isEqualTo(UngovernedHandling.REVIEW);
        assertThat(policies.handling("elsewhere")).isEqualTo(UngovernedHandling.REVIEW);
    }
}
