package io.accessledger.request.hris;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code accessledger.hris.*}: the webhook secrets (from the environment) and the timestamp tolerance. */
@ConfigurationProperties("accessledger.hris")
public record HrisProperties(BambooHr bamboohr, Workday workday, StandardWebhooks standardWebhooks,
        Duration tolerance) {
    public HrisProperties {
        tolerance = tolerance == null ? Duration.ofMinutes(5) : tolerance;
    }

    public record BambooHr(String privateKey) {
    }

    public record Workday(String username, String password) {
    }

    public record StandardWebhooks(String secret) {
    }
}
