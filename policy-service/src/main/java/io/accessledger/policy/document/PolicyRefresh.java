package io.accessledger.policy.document;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.spine.inbound.EventConsumer;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * A new policy version reaches every instance of policy-service: each one reads the policy topic (a consumer of every
 * instance) and takes the version in force afresh, so a second instance never evaluates with the version it had
 * before someone else's {@code PUT}.
 */
@Component
public class PolicyRefresh implements EventConsumer {
    private final PolicyVersionStore versions;

    public PolicyRefresh(PolicyVersionStore versions) {
        this.versions = versions;
    }

    @Override
    public String name() {
        return "policy-refresh";
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.POLICY);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return PolicyPublished.class.isAssignableFrom(type);
    }

    @Override
    public boolean everyInstance() {
        return true;
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (event instanceof PolicyPublished published) {
            versions.publishedElsewhere(published.policyVersion());
        }
    }
}
