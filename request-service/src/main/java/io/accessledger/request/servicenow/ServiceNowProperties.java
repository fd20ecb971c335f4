package io.accessledger.request.servicenow;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code accessledger.servicenow.*}: the instance written back to ({@code instance-url} empty = no write-back), its
 * credentials, the credentials ServiceNow's outbound REST message presents to us, and the write-back retry budget.
 * An instance without credentials refuses the start (every write-back would be refused), naming the key.
 */
@ConfigurationProperties("accessledger.servicenow")
public record ServiceNowProperties(String instanceUrl, String username, String password, Inbound inbound,
        Integer maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout) {
    public ServiceNowProperties {
        if (instanceUrl != null && !instanceUrl.isBlank()) {
            required("username", "ACCESSLEDGER_SERVICENOW_USER", username);
            required("password", "ACCESSLEDGER_SERVICENOW_PASSWORD", password);
        }
        inbound = inbound == null ? new Inbound(null, null, null, null, false, null) : inbound;
        maxAttempts = maxAttempts == null ? 4 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }

    private static void required(String key, String variable, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("accessledger.servicenow." + key + " is missing: instance-url is set, so"
                    + " every write-back signs in with username and password. Fix: set accessledger.servicenow." + key
                    + " (" + variable + "), or leave accessledger.servicenow.instance-url empty for no write-back");
        }
    }

    /**
     * What ServiceNow's outbound REST message presents: a body signature with {@code signing-secret}
     * ({@code X-AccessLedger-Signature} over body + {@code X-AccessLedger-Timestamp}); HTTP Basic
     * ({@code username}/{@code password}) or {@code bearer-token} alone only when {@code accept-unsigned} is true.
     * A signed delivery's timestamp is accepted within {@code tolerance} of now (5 minutes unless set).
     */
    public record Inbound(String username, String password, String bearerToken, String signingSecret,
            boolean acceptUnsigned, Duration tolerance) {
        public Inbound {
            tolerance = tolerance == null ? Duration.ofMinutes(5) : tolerance;
        }
    }
}
