package io.accessledger.provisioning.connectors;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The provisioning targets, {@code accessledger.provisioning.targets.<targetId>}: each names its connector
 * {@code type} ({@code manual} here; {@code scim}, {@code okta}, {@code entra} as CONTRACT.md describes them) and
 * its settings. A resource's {@code target} in the policy names one of these keys.
 */
@ConfigurationProperties("accessledger.provisioning")
public record Targets(Map<String, Map<String, Object>> targets) {
    public Targets {
        targets = targets == null ? Map.of() : Map.copyOf(targets);
    }

    public String typeOf(String targetId) {
        Map<String, Object> target = targets.get(targetId);
        return target == null ? null : String.valueOf(target.get("type"));
    }
}
