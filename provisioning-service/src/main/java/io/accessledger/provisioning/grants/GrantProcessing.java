package io.accessledger.provisioning.grants;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The grants' machinery: the queue is kept in the grant's own transaction (a subscribing processor), the worker
 * polls on a schedule (scheduling is enabled on the application class), the retry policy and worker settings come from configuration, and two gauges show what waits
 * ({@code accessledger.provisioning.queue.depth}) and what failed and waits for IAM
 * ({@code accessledger.provisioning.grants.failed}).
 */
@Configuration(proxyBeanMethods = false)
public class GrantProcessing {
    @Bean
    public ConfigurerModule provisioningQueueProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(ProvisioningQueueStore.GROUP));
    }

    @Bean
    public RetryPolicy retryPolicy(Environment environment) {
        return Binder.get(environment).bind("accessledger.provisioning.retry", RetryPolicy.class)
                .orElse(RetryPolicy.DEFAULT);
    }

    @Bean
    public ConnectorWorker.WorkerSettings workerSettings(Environment environment) {
        return Binder.get(environment).bind("accessledger.provisioning.worker", ConnectorWorker.WorkerSettings.class)
                .orElse(new ConnectorWorker.WorkerSettings(4, java.time.Duration.ofSeconds(30),
                        java.time.Duration.ofMinutes(2)));
    }

    @Bean
    public Gauge provisioningQueueDepth(MeterRegistry meters, ProvisioningQueueStore queue) {
        return Gauge.builder("accessledger.provisioning.queue.depth", queue, ProvisioningQueueStore::depth)
                .description("Connector calls waiting (due or backing off)").register(meters);
    }

    @Bean
    public Gauge failedGrants(MeterRegistry meters, GrantView grants) {
        return Gauge.builder("accessledger.provisioning.grants.failed", grants, GrantView::failedCount).description("Grants whose provisioning failed and that wait for IAM").register(meters);
    }
}
