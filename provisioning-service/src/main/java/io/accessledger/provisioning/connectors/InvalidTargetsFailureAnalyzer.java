package io.accessledger.provisioning.connectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Shows wrong targets at startup as Spring Boot's "APPLICATION FAILED TO START": each key, what is wrong, the fix. */
public class InvalidTargetsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTargets> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidTargets cause) {
        return new FailureAnalysis(cause.getMessage(), "Correct the keys above (a complete, working target"
                + " configuration is in provisioning-service/README.md, 'Configuring targets') and start again.", cause);
    }
}
