package io.accessledger.policy.document;

import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The version table is updated in the publishing transaction itself (a subscribing processor). */
@Configuration(proxyBeanMethods = false)
public class PolicyProcessing {
    @Bean
    public ConfigurerModule policyVersionsProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(PolicyVersionStore.GROUP));
    }
}
