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

    /** BambooHR: the webhooks' private key, and the API the event-based payloads' employees are fetched from. */
    public record BambooHr(String privateKey, Api api) {
        public BambooHr {
            api = api == null ? new Api(null, null, null, null, null, null, null, null) : api;
        }
    }

    /**
     * {@code accessledger.hris.bamboohr.api.*}: {@code base-url} (BambooHR's gateway), {@code company-domain}, the
     * {@code api-key} (HTTP Basic user name; empty: named employees are not fetched), the {@code timeout} of one
     * call, and the fetch budget: {@code max-attempts} with capped exponential back-off from {@code initial-backoff}
     * to {@code max-backoff}.
     */
    public record Api(String baseUrl, String companyDomain, String apiKey, Duration timeout, Integer maxAttempts,
            Duration initialBackoff, Duration maxBackoff, Duration lease) {
        public Api {
            baseUrl = baseUrl == null || baseUrl.isBlank() ? "https://api.bamboohr.com/api/gateway.php" : baseUrl;
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
            maxAttempts = maxAttempts == null ? 8 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofSeconds(5) : initialBackoff;
            maxBackoff = maxBackoff == null ? Duration.ofMinutes(10) : maxBackoff;
            lease = lease == null ? Duration.ofMinutes(2) : lease;
        }

        /** Whether named employees can be fetched: an API key and a company domain are configured. */
        public boolean configured() {
            return apiKey != null && !apiKey.isBlank() && companyDomain != null && !companyDomain.isBlank();
        }
    }

    /**
     * Workday: the {@code signing-secret} its deliveries are signed with ({@code X-AccessLedger-Signature} over body +
     * {@code X-AccessLedger-Timestamp}); {@code accept-unsigned} (false unless set) also accepts a delivery with HTTP
     * Basic {@code username}/{@code password} only, not bound to its body.
     */
    public record Workday(String username, String password, String signingSecret, boolean acceptUnsigned) {
    }

    public record StandardWebhooks(String secret) {
    }
}
