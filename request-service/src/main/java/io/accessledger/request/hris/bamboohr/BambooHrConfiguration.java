package io.accessledger.request.hris.bamboohr;

import io.accessledger.request.hris.DirectoryRecorder;
import io.accessledger.request.hris.HrisConfiguration;
import io.accessledger.request.hris.HrisProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** BambooHR: the signature verifier from the private key, and the fetch of the employees event payloads only name. */
@Configuration
public class BambooHrConfiguration {
    /** The source name of BambooHR's deliveries and worker events. */
    public static final String SOURCE = "bamboohr";

    @Bean
    BambooHrSignature bambooHrSignature(HrisProperties properties) {
        return new BambooHrSignature(HrisConfiguration.required(properties.bamboohr() == null ? null
                : properties.bamboohr().privateKey(), "accessledger.hris.bamboohr.private-key"),
                properties.tolerance());
    }

    @Bean
    BambooHrFetches bambooHrFetches(HrisProperties properties, BambooHrFetchStore store, DirectoryRecorder recorder,
            MeterRegistry meters, Clock clock) {
        HrisProperties.Api api = properties.bamboohr() == null ? new HrisProperties.BambooHr(null, null).api()
                : properties.bamboohr().api();
        return new BambooHrFetches(store, new BambooHrApi(api), recorder, api, meters, clock);
    }
}
