package io.accessledger.provisioning.grants;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The grants' machinery: the queue is kept in the grant's own transaction (a subscribing processor), the worker
 * polls on a schedule, the retry policy and worker settings come from configuration, and two gauges show what waits
 * ({@code accessledger.provisioning.queue.depth}) and what failed and waits for IAM
 * ({@code accessledger.provisioning.grants.failed}).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class GrantProcessing {
    @Bean
    public ConfigurerModule provisioningQueueProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(ProvisioningQueue.GROUP));
    }

    @Bean
    public RetryPolicy retryPolicy(Environment environment) {
        return Binder.get(environment).bind("accessledger.provisioning.retry", RetryPolicy.class)
                .orElse(RetryPolicy.DEFAULT);
    }

    @Bean
    public ConnectorWorker.WorkerSettings workerSettings(Environment environment) {
        return Binder.get(environment).bind("accessledger.provisioning.worker", ConnectorWorker.WorkerSettings.class)
                .orElse(new ConnectorWorker.WorkerSettings(4, java.time.Duration.ofMinutes(2)));
    }

    @Bean
    public Gauge provisioningQueueDepth(MeterRegistry meters, ProvisioningQueue queue) {
        return Gauge.builder("accessledger.provisioning.queue.depth", queue, ProvisioningQueue::depth)
                .description("Connector calls waiting (due or backing off)").register(meters);
    }

    @Bean
    public Gauge failedGrants(MeterRegistry meters, JdbcTemplate jdbc) {
        return Gauge.builder("accessledger.provisioning.grants.failed", jdbc, j -> {
            Integer n = j.queryForObject("select count(*) from grant_view where status = 'FAILED'", Integer.class);
            return n == null ? 0 : n;
        }).description("Grants whose provisioning failed and that wait for IAM").register(meters);
    }
}
