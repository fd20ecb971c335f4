package io.accessledger.request.servicenow;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code accessledger.servicenow.*}: the instance written back to ({@code instance-url} empty = no write-back), its
 * credentials, the credentials ServiceNow's outbound REST message presents to us, and the write-back retry budget.
 */
@ConfigurationProperties("accessledger.servicenow")
public record ServiceNowProperties(String instanceUrl, String username, String password, Inbound inbound,
        Integer maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout) {
    public ServiceNowProperties {
        inbound = inbound == null ? new Inbound(null, null, null) : inbound;
        maxAttempts = maxAttempts == null ? 4 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }

    public record Inbound(String username, String password, String bearerToken) {
    }
}
