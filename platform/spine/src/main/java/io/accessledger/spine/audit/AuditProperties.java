package io.accessledger.spine.audit;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of tamper evidence, under {@code accessledger.audit}.
 *
 * @param signingKey the service's Ed25519 checkpoint signing key, base64 of its PKCS#8 encoding
 * @param signingKeyFile or a file holding that text ({@code <service>.key}); used when {@code signingKey} is unset
 * @param generateKey {@code true}: if {@code signingKeyFile} does not exist, generate a key pair there (the
 *     {@code .pub} beside it) and log where — for local runs; production keys are provisioned, never generated
 * @param checkpointEvery how often a signed checkpoint of each owned topic with new events is published; default
 *     5 minutes: the window in which a deletion at a topic's end is not yet evident, against the audit topic's
 *     growth (about 800 B per checkpoint; every minute would outweigh a 10,000-employee organisation's events)
 */
@ConfigurationProperties("accessledger.audit")
public record AuditProperties(String signingKey, Path signingKeyFile, boolean generateKey, Duration checkpointEvery) {

    public AuditProperties {
        checkpointEvery = checkpointEvery == null ? Duration.ofMinutes(5) : checkpointEvery;
    }
}
