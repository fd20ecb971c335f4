package io.accessledger.provisioning.connectors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The provisioning targets, {@code accessledger.provisioning.targets.<targetId>} ({@link TargetSettings}). A
 * resource's {@code target} in the policy names one of these keys.
 */
@ConfigurationProperties("accessledger.provisioning")
public record Targets(Map<String, TargetSettings> targets) {
    public Targets {
        Map<String, TargetSettings> named = new LinkedHashMap<>();
        if (targets != null) {
            targets.forEach((id, settings) -> named.put(id, settings.withId(id)));
        }
        targets = Map.copyOf(named);
    }

    public Optional<TargetSettings> target(String targetId) {
        return Optional.ofNullable(targetId == null ? null : targets.get(targetId));
    }

    public String typeOf(String targetId) {
        return target(targetId).map(TargetSettings::type).orElse(null);
    }
}
