package io.accessledger.policyinforce;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Gives every service with this module on its classpath the {@link PolicyInForceView}: a consumer of the policy
 * topic that the spine runs like the service's own (consumer group {@code accessledger.<service>.policy-in-force}).
 */
@AutoConfiguration
@Import(PolicyInForceView.class)
public class PolicyInForceAutoConfiguration {
}
