package io.accessledger.policy.evaluation;

import io.accessledger.policy.document.PolicyVersionStore;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The version in force ({@link PolicyVersionStore#active()}), compiled for evaluation once per version. The
 * dependency runs one way: evaluation reads the published documents; the document feature knows nothing of how
 * they are evaluated.
 */
@Component
public class PolicyInForce {
    private final PolicyVersionStore versions;
    private volatile CompiledPolicy compiled;

    public PolicyInForce(PolicyVersionStore versions) {
        this.versions = versions;
    }

    /** The compiled version in force, or empty before the first publication. */
    public Optional<CompiledPolicy> compiled() {
        return versions.active().map(active -> {
            CompiledPolicy known = compiled;
            if (known == null || !known.version().equals(active.version())) {
                known = CompiledPolicy.of(active.document());
                compiled = known;
            }
            return known;
        });
    }
}
