package io.accessledger.request.hris.standardwebhooks;

import io.accessledger.request.hris.HrisConfiguration;
import io.accessledger.request.hris.HrisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Generic HRIS worker events signed per Standard Webhooks: the verifier from the configured secret. */
@Configuration
public class StandardWebhooksConfiguration {
    /** The source name of these deliveries and worker events. */
    public static final String SOURCE = "hris";

    @Bean
    StandardWebhookSignature standardWebhookSignature(HrisProperties properties) {
        return new StandardWebhookSignature(HrisConfiguration.required(properties.standardWebhooks() == null ? null
                : properties.standardWebhooks().secret(), "accessledger.hris.standard-webhooks.secret"),
                properties.tolerance());
    }
}
