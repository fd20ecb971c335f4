package io.accessledger.provisioning.reconciliation;

import io.accessledger.provisioning.connectors.Targets;
import org.axonframework.config.ConfigurerModule;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The reconciliations' settings ({@code accessledger.provisioning.reconciliation}), each target's policy (checked at
 * startup with the targets) and how a run waits before asking a throttling target again.
 */
@Configuration(proxyBeanMethods = false)
public class ReconciliationProcessing {
    @Bean
    public ReconciliationSettings reconciliationSettings(Environment environment) {
        return Binder.get(environment).bind("accessledger.provisioning.reconciliation", ReconciliationSettings.class)
                .orElse(ReconciliationSettings.DEFAULT);
    }

    @Bean
    public ReconciliationPolicies reconciliationPolicies(Environment environment, Targets targets) {
        return ReconciliationPolicies.from(Binder.get(environment), targets);
    }

    /** The removals' view commits with the removal's events. */
    @Bean
    public ConfigurerModule ungovernedRemovalsProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(UngovernedRemovalsView.GROUP));
    }

    /** The findings' members commit with the run's events. */
    @Bean
    public ConfigurerModule ungovernedFindingsProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(UngovernedFindingsStore.GROUP));
    }

    @Bean
    public ReconciliationSettings.Pause reconciliationPause() {
        return ReconciliationSettings.Pause.sleeping();
    }
}
