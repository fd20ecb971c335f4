package io.accessledger.request.hris;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The HR-system webhooks' shared settings ({@code accessledger.hris.*}); each source ({@code bamboohr/},
 * {@code workday/}, {@code standardwebhooks/}) wires its own verifier and processing from them.
 */
@Configuration
@EnableConfigurationProperties(HrisProperties.class)
public class HrisConfiguration {
    /** A configured secret, or a failure at startup naming the missing key. */
    public static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(key + " must be set");
        }
        return value;
    }
}
