package io.accessledger.request.hris.bamboohr;

import io.accessledger.request.hris.BodySignature;
import io.accessledger.request.hris.DirectoryRecorder;
import io.accessledger.request.hris.HrisConfiguration;
import io.accessledger.request.hris.HrisProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** BambooHR: the signature verifier from the private key, and the fetch of the employees event payloads only name. */
@Configuration
public class BambooHrConfiguration {
    /** The source name of BambooHR's deliveries and worker events. */
    public static final String SOURCE = "bamboohr";

    @Bean
    BodySignature bambooHrSignature(HrisProperties properties) {
        return signature(HrisConfiguration.required(properties.bamboohr() == null ? null
                : properties.bamboohr().privateKey(), "accessledger.hris.bamboohr.private-key"),
                properties.tolerance());
    }

    /** BambooHR's signature: {@code X-BambooHR-Signature} over the body + {@code X-BambooHR-Timestamp}. */
    public static BodySignature signature(String privateKey, Duration tolerance) {
        return new BodySignature(privateKey, tolerance, "X-BambooHR-Signature", "X-BambooHR-Timestamp");
    }

    @Bean
    BambooHrFetches bambooHrFetches(HrisProperties properties, BambooHrFetchStore store, DirectoryRecorder recorder,
            MeterRegistry meters, Clock clock) {
        HrisProperties.Api api = properties.bamboohr() == null ? new HrisProperties.BambooHr(null, null).api()
                : properties.bamboohr().api();
        return new BambooHrFetches(store, new BambooHrApi(api), recorder, api, meters, clock);
    }
}
