package io.accessledger.request.hris;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The HR-system webhooks: verifiers from configured secrets, the effective dating of Workday events, and the fetch of
 * the employees BambooHR's event-based payloads only name.
 */
@Configuration
@EnableScheduling
@EnableConfigurationProperties(HrisProperties.class)
public class HrisConfiguration {
    static final String BAMBOOHR = "bamboohr";
    static final String WORKDAY = "workday";
    static final String HRIS = "hris";

    @Bean
    BambooHrSignature bambooHrSignature(HrisProperties properties) {
        return new BambooHrSignature(required(properties.bamboohr() == null ? null
                : properties.bamboohr().privateKey(), "accessledger.hris.bamboohr.private-key"),
                properties.tolerance());
    }

    @Bean
    StandardWebhookSignature standardWebhookSignature(HrisProperties properties) {
        return new StandardWebhookSignature(required(properties.standardWebhooks() == null ? null
                : properties.standardWebhooks().secret(), "accessledger.hris.standard-webhooks.secret"),
                properties.tolerance());
    }

    @Bean
    WorkdayBasicAuth workdayBasicAuth(HrisProperties properties) {
        HrisProperties.Workday workday = properties.workday();
        return new WorkdayBasicAuth(
                required(workday == null ? null : workday.username(), "accessledger.hris.workday.username"),
                required(workday == null ? null : workday.password(), "accessledger.hris.workday.password"));
    }

    @Bean
    EffectiveDatedEvents workdayEffectiveDating(JdbcTemplate jdbc, DirectoryRecorder recorder, Clock clock) {
        return new EffectiveDatedEvents(new JdbcEffectiveDatedStore(jdbc, WORKDAY), recorder, clock, WORKDAY);
    }

    @Bean
    BambooHrFetches bambooHrFetches(HrisProperties properties, JdbcTemplate jdbc, DirectoryRecorder recorder,
            MeterRegistry meters, Clock clock) {
        HrisProperties.Api api = properties.bamboohr() == null ? new HrisProperties.BambooHr(null, null).api()
                : properties.bamboohr().api();
        return new BambooHrFetches(new JdbcBambooHrFetchStore(jdbc), new BambooHrApi(api), recorder, api, meters,
                clock);
    }

    private static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(key + " must be set");
        }
        return value;
    }
}
